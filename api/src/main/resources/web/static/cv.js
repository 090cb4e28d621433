// The CV page: reads /api/v1/users/{user}/cv (and the longer weekly history for the heatmap) and
// draws the charts with ECharts. Each chart keeps its numbers in its ECharts option, which the
// browser test reads back.
(function () {
  const user = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] || '');
  const api = '/api/v1/users/' + encodeURIComponent(user);
  const charts = [];
  // Languages as GitHub's language bar counts them: programming and markup. Data (configuration),
  // prose (documentation) and unrecognised files are totals of their own, never a language.
  const LANGUAGE_TYPES = new Set(['programming', 'markup']);
  const GROUPS = {
    data: { name: 'Configuration & data', color: '#8c959f' },
    prose: { name: 'Documentation', color: '#afb8c1' },
    unknown: { name: 'Other files', color: '#d0d7de' },
  };
  // Each language in linguist's colour; one of a palette for the few linguist gives none.
  const PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452',
    '#9a60b4', '#ea7ccc', '#4b5563'];
  const colors = new Map();
  let fallbacks = 0;
  function learnColors(languages) {
    for (const l of languages) if (l.color) colors.set(l.language, l.color);
  }
  function color(language) {
    if (!colors.has(language)) colors.set(language, PALETTE[fallbacks++ % PALETTE.length]);
    return colors.get(language);
  }
  function group(type) {
    return LANGUAGE_TYPES.has(type) ? null : (GROUPS[type] || GROUPS.unknown);
  }

  function chart(id, option) {
    const c = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    c.setOption(option);
    charts.push(c);
    return c;
  }

  // What the user wrote about themselves (the config's cv:): text only, links only http(s).
  function profile(p) {
    for (const id of ['headline', 'bio']) {
      if (p[id]) { CS.text(id, p[id]); document.getElementById(id).hidden = false; }
    }
    const links = document.getElementById('links');
    for (const [key, label] of [['homepage', 'Homepage'], ['github', 'GitHub'], ['linkedin', 'LinkedIn']]) {
      const url = p.links && p.links[key];
      if (!url || !/^https?:\/\//.test(url)) continue;
      const a = document.createElement('a');
      a.href = url; a.textContent = label; a.rel = 'me noopener'; a.id = 'link-' + key;
      if (links.childNodes.length) links.append(' · ');
      links.append(a);
      links.hidden = false;
    }
  }

  function totals(cv) {
    const t = cv.totals;
    CS.text('name', cv.name || cv.user_id);
    CS.text('user-id', cv.user_id);
    profile(cv.profile || {});
    const first = CS.date(t.first_commit_time).substring(0, 4);
    const last = CS.date(t.last_commit_time).substring(0, 4);
    CS.text('years', first === last ? first : first + '–' + last);
    CS.text('t-commits', CS.number(t.commits));
    CS.text('t-lines-added', CS.number(t.lines_added));
    CS.text('t-lines-deleted', CS.number(t.lines_deleted));
    CS.text('t-repositories', CS.number(t.repositories));
    CS.text('t-years', CS.number(t.years_active));
    CS.text('t-streak', CS.number(t.longest_weekly_streak) + (t.longest_weekly_streak === 1 ? ' week' : ' weeks'));
    CS.text('t-oss', CS.number(t.oss_repositories));
    CS.text('t-packages', CS.number(t.packages));
    CS.text('as-of', 'Data as of ' + CS.date(cv.freshness.as_of) + '.');
    document.getElementById('card-link').href = api + '/card.svg';
    document.title = (cv.name || cv.user_id) + ' — Commit Stats CV';
  }

  function languages(cv) {
    learnColors(cv.languages);
    const langs = cv.languages.filter(l => LANGUAGE_TYPES.has(l.language_type))
      .sort((a, b) => b.lines_added - a.lines_added);
    const t = cv.totals;
    const also = [
      [t.data_lines_added, 'of configuration and data'],
      [t.prose_lines_added, 'of documentation'],
      [t.other_lines_added, 'in other files'],
    ].filter(([n]) => n > 0).map(([n, what]) => CS.number(n) + ' lines ' + what);
    CS.text('languages-also', also.length ? 'Besides: ' + also.join(', ') + '.' : '');
    chart('chart-languages', {
      tooltip: { trigger: 'item', formatter: p => p.name + ': ' + CS.number(p.value) + ' lines written (' + p.percent + '%)' },
      legend: { type: 'scroll', bottom: 0 },
      series: [{
        id: 'languages', type: 'pie', radius: ['40%', '70%'], center: ['50%', '45%'],
        minShowLabelAngle: 6, // no labels on slivers: the legend and tooltip name them
        label: { formatter: '{b}: {d}%' },
        data: langs.map(l => ({ name: l.language, value: l.lines_added, itemStyle: { color: color(l.language) } })),
      }],
    });
  }

  function mondays(from, to) {
    const out = [];
    for (let d = new Date(from + 'T00:00:00Z'); d <= new Date(to + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 7)) {
      out.push(d.toISOString().substring(0, 10));
    }
    return out;
  }

  function weekly(cv) {
    const weeks = mondays(cv.weekly.from, cv.weekly.to);
    const index = new Map(weeks.map((w, i) => [w, i]));
    // A series per language, then one per group of the other files (data, prose, other).
    const byLanguage = new Map();
    const byGroup = new Map();
    for (const w of cv.weekly.weeks) {
      const g = group(w.language_type);
      const target = g ? byGroup : byLanguage;
      const key = g ? g.name : w.language;
      if (!target.has(key)) target.set(key, new Array(weeks.length).fill(0));
      target.get(key)[index.get(w.week_start)] += w.lines_added;
    }
    for (const g of Object.values(GROUPS)) {
      if (byGroup.has(g.name)) { colors.set(g.name, g.color); byLanguage.set(g.name, byGroup.get(g.name)); }
    }
    chart('chart-weekly', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 50, right: 12, top: 16, bottom: 56 },
      xAxis: { type: 'category', data: weeks, axisLabel: { formatter: v => v.substring(5) } },
      yAxis: { type: 'value', name: 'lines' },
      series: [...byLanguage.entries()].map(([language, data]) => ({
        id: 'week-' + language, name: language, type: 'bar', stack: 'lines', data,
        itemStyle: { color: color(language) },
      })),
    });
  }

  function isoWeek(date) {
    const d = new Date(date + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + 3); // the Thursday of this ISO week decides its year
    const year = d.getUTCFullYear();
    const jan4 = new Date(Date.UTC(year, 0, 4));
    const week = 1 + Math.round(((d - jan4) / 86400000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
    return [year, week];
  }

  async function heatmap(cv) {
    const first = cv.totals.first_commit_time;
    if (!first) { chart('chart-heatmap', { title: { text: 'No commits yet', left: 'center', top: 'middle' } }); return; }
    // Up to the Sunday of the trend's last week: the first commit may fall later in that week.
    const end = new Date(cv.weekly.to + 'T00:00:00Z');
    end.setUTCDate(end.getUTCDate() + 6);
    const to = end.toISOString().substring(0, 10);
    let from = first.substring(0, 10);
    const tenYears = new Date(to + 'T00:00:00Z');
    tenYears.setUTCDate(tenYears.getUTCDate() - 7 * 520);
    if (new Date(from + 'T00:00:00Z') < tenYears) from = tenYears.toISOString().substring(0, 10);
    const history = await CS.get(api + '/weekly?from=' + from + '&to=' + to);
    const commits = new Map(history.totals.map(w => [w.week_start, w.commits]));
    const years = [];
    for (let y = Number(history.from.substring(0, 4)); y <= Number(history.to.substring(0, 4)); y++) years.push(String(y));
    const data = [];
    let max = 1;
    for (const [week, n] of commits) {
      const [y, w] = isoWeek(week);
      data.push([w - 1, years.indexOf(String(y)), n]);
      max = Math.max(max, n);
    }
    document.getElementById('chart-heatmap').style.height = Math.max(160, 60 + years.length * 26) + 'px';
    chart('chart-heatmap', {
      tooltip: { formatter: p => years[p.value[1]] + ' week ' + (p.value[0] + 1) + ': ' + p.value[2] + ' commits' },
      grid: { left: 48, right: 12, top: 8, bottom: 48 },
      xAxis: { type: 'category', data: Array.from({ length: 53 }, (_, i) => String(i + 1)), splitArea: { show: true } },
      yAxis: { type: 'category', data: years, splitArea: { show: true } },
      visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120,
        inRange: { color: ['#ebedf0', '#9be9a8', '#40c463', '#30a14e', '#216e39'] } },
      series: [{ id: 'heatmap', type: 'heatmap', data, itemStyle: { borderColor: '#fff', borderWidth: 1 } }],
    });
  }

  function oss(cv) {
    const tbody = document.querySelector('#oss tbody');
    for (const o of cv.oss) {
      const label = o.repo_url.replace(/^https?:\/\/(www\.)?/, '').replace(/\.git$/, '');
      const tr = CS.row(tbody, [CS.link(o.repo_url, label), o.commits, o.lines_added + o.lines_deleted, CS.date(o.last_commit_time)]);
      tr.firstChild.className = 'name';
    }
    document.getElementById('oss-empty').hidden = cv.oss.length > 0;
  }

  function packages(cv) {
    const list = cv.packages.slice().sort((a, b) => a.first_used.localeCompare(b.first_used)).reverse();
    const names = list.map(p => p.ecosystem + ': ' + p.package);
    document.getElementById('chart-packages').style.height = Math.max(200, 40 + list.length * 22) + 'px';
    chart('chart-packages', {
      tooltip: { formatter: p => names[p.value[0]] + '<br>' + CS.date(list[p.value[0]].first_used) + ' → ' +
        CS.date(list[p.value[0]].last_used) + ', ' + list[p.value[0]].commits + ' commits, latest ' + (list[p.value[0]].latest_version || '–') },
      grid: { left: 8, right: 16, top: 8, bottom: 28, containLabel: true },
      xAxis: { type: 'time' },
      yAxis: { type: 'category', data: names, axisLabel: { width: 180, overflow: 'truncate' } },
      series: [{
        id: 'packages', type: 'custom',
        encode: { x: [1, 2], y: 0 },
        data: list.map((p, i) => [i, Date.parse(p.first_used), Math.max(Date.parse(p.last_used), Date.parse(p.first_used) + 86400000), p.commits]),
        renderItem: (params, api) => {
          const start = api.coord([api.value(1), api.value(0)]);
          const end = api.coord([api.value(2), api.value(0)]);
          const h = api.size([0, 1])[1] * 0.6;
          return { type: 'rect', shape: { x: start[0], y: start[1] - h / 2, width: Math.max(3, end[0] - start[0]), height: h },
            style: api.style({ fill: '#5470c6' }) };
        },
      }],
    });
  }

  window.addEventListener('DOMContentLoaded', async () => {
    try {
      const cv = await CS.get(api + '/cv');
      totals(cv);
      languages(cv);
      weekly(cv);
      oss(cv);
      packages(cv);
      await heatmap(cv);
      document.body.dataset.ready = 'true';
    } catch (err) {
      CS.fail(err);
      document.body.dataset.ready = 'error';
    }
  });
  window.addEventListener('resize', () => charts.forEach(c => c.resize()));
})();
