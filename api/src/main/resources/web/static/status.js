// The status page: table freshness, transform runs, quarantined raw files and the collection
// table (private masked).
window.addEventListener('DOMContentLoaded', async () => {
  try {
    const s = await CS.get('/api/v1/status');
    CS.text('engine', s.engine);
    CS.text('generated', s.generated_at.replace('T', ' ').substring(0, 19) + ' UTC');
    CS.text('c-repositories', CS.number(s.collection.repositories));
    CS.text('c-up-to-date', CS.number(s.collection.up_to_date));
    CS.text('c-errors', CS.number(s.collection.errors));
    CS.text('c-inactive', CS.number(s.collection.inactive));
    CS.text('c-last-ingest', CS.date(s.last_ingest_at));
    const repos = document.querySelector('#repos tbody');
    for (const r of s.repositories) {
      const name = r.repo_url ? CS.link(r.repo_url, r.repository) : document.createElement('span');
      if (!r.repo_url) { name.textContent = r.repository; name.className = 'private'; }
      const status = document.createElement('span');
      status.textContent = r.collect_status + (r.error_message ? ': ' + r.error_message : '');
      if (r.collect_status === 'error') status.className = 'status-error';
      const tr = CS.row(repos, [name, CS.date(r.last_update), status, r.is_active ? 'yes' : 'no',
        r.is_extra ? 'yes' : 'no', r.all_commits_processed ? 'yes' : 'no',
        r.last_commit_sha ? r.last_commit_sha.substring(0, 12) : '–', CS.date(r.last_commit_time)]);
      tr.firstChild.className = 'name';
    }
    const tables = document.querySelector('#tables tbody');
    for (const t of s.tables) {
      CS.row(tables, [t.name + (t.readable ? '' : ' (unreadable)'), t.version,
        t.modified ? t.modified.replace('T', ' ').substring(0, 16) : '–']);
    }
    const runs = document.querySelector('#runs tbody');
    for (const r of s.transform_runs) {
      CS.row(runs, [r.run_seq, r.mode,
        r.started_at ? r.started_at.replace('T', ' ').substring(0, 19) : '–',
        r.finished_at ? r.finished_at.replace('T', ' ').substring(0, 19) : '–']);
    }
    const quarantined = document.querySelector('#quarantined tbody');
    for (const q of s.quarantined) {
      const tr = CS.row(quarantined, [q.path, q.detail, q.since.replace('T', ' ').substring(0, 19)]);
      tr.className = 'status-error';
    }
    document.getElementById('quarantine').hidden = s.quarantined.length === 0;
  } catch (err) {
    CS.fail(err);
  }
});
