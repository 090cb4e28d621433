// Shared helpers of the pages: fetching the API, formatting, building table rows safely.
const CS = {
  async get(path) {
    const res = await fetch(path, { headers: { Accept: 'application/json' } });
    if (!res.ok) {
      let message = res.status + ' ' + res.statusText;
      try { message = (await res.json()).message || message; } catch (e) { /* not JSON */ }
      throw new Error(message);
    }
    return res.json();
  },
  number(n) { return n == null ? '–' : Number(n).toLocaleString('en-US'); },
  date(iso) { return iso ? String(iso).substring(0, 10) : '–'; },
  text(id, value) { document.getElementById(id).textContent = value; },
  row(tbody, cells) {
    const tr = document.createElement('tr');
    for (const c of cells) {
      const td = document.createElement('td');
      if (c instanceof Node) td.appendChild(c); else td.textContent = c == null ? '–' : String(c);
      if (typeof c === 'number') td.className = 'num';
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
    return tr;
  },
  link(url, label) {
    if (!/^https?:\/\//.test(url || '')) {
      const span = document.createElement('span');
      span.textContent = label || url || '–';
      return span;
    }
    const a = document.createElement('a');
    a.href = url; a.textContent = label || url; a.rel = 'noopener';
    return a;
  },
  fail(err) {
    const el = document.getElementById('error');
    el.textContent = err.message;
    el.hidden = false;
  },
};
