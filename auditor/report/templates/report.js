/* auditor report: filters, on-demand findings, anchors, printing.
 * Security: every piece of report data enters the page as a text node or an attribute value set
 * with setAttribute; nothing is ever parsed as HTML (no innerHTML), so no text from a source,
 * a rule or a file name can run as script. Links built here are always "#" + an id we made. */
(function () {
  'use strict';
  var doc = document;
  var byId = function (id) { return doc.getElementById(id); };
  var PAGE = 200;

  /* ---- the embedded JSON, parsed only when first needed (it can be many megabytes) ---- */
  var data = null;
  function payload() {
    if (data === null) {
      data = JSON.parse(byId('report-data').textContent);
      data.F = {};
      data.fields.forEach(function (name, i) { data.F[name] = i; });
      data.hay = null;
    }
    return data;
  }

  /* ---- DOM building ---- */
  function h(tag, attrs, children) {
    var el = doc.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    add(el, children);
    return el;
  }
  function add(el, children) {
    if (children === null || children === undefined || children === false) return;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      if (Array.isArray(c)) add(el, c);
      else el.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
    });
  }
  function fmt(n) { return Number(n).toLocaleString('en-US'); }

  /* Mirrors templates/_finding.html.j2. */
  function renderFinding(row) {
    var d = payload(), F = d.F;
    var status = d.statuses[row[F.status]], sev = d.severities[row[F.severity]], kind = d.kinds[row[F.kind]];
    var id = row[F.id], anchor = 'finding-' + (row[F.slug] || id), ruleId = row[F.rule_id] || id;
    var art = h('article', {
      'class': 'finding st-' + status, id: anchor, 'data-status': status, 'data-severity': sev,
      'data-kind': kind, 'data-sources': rowSources(row).join(' '), tabindex: '-1', 'aria-labelledby': anchor + '-t'
    });
    add(art, h('div', {'class': 'f-head'}, [
      h('span', {'class': 'badge st-' + status}, [h('span', {'aria-hidden': 'true'}, d.statusIcons[status]), ' ' + d.statusLabels[status]]),
      ' ', h('span', {'class': 'sev sev-' + sev}, 'severity ' + sev),
      row[F['new']] ? [' ', h('span', {'class': 'new'}, 'new')] : null,
      ' ', h('span', {'class': 'kind'}, kind),
      ' ', h('a', {'class': 'permalink', href: '#' + anchor, title: 'Permalink to this finding', 'aria-label': 'Permalink to finding ' + id}, '#')
    ]));
    add(art, h('h3', {'class': 'f-title', id: anchor + '-t'}, [h('code', null, ruleId), id !== ruleId ? [' ', h('span', {'class': 'f-instance'}, id)] : null]));
    add(art, h('p', {'class': 'message'}, row[F.message]));
    var w = row[F.waiver];
    if (w) {
      add(art, h('p', {'class': 'waiver'}, [h('strong', null, 'Waived'), w[1] ? ' by ' + w[1] : '', w[2] ? ', until ' + w[2] : '',
        ': ' + w[0], w[3] ? [' ', h('span', {'class': 'muted'}, '(for ' + w[3] + ')')] : null]));
    }
    var facts = h('dl', {'class': 'facts'});
    if (row[F.expected] || row[F.observed]) {
      add(facts, [h('div', null, [h('dt', null, 'Expected'), h('dd', null, row[F.expected] || '—')]),
                  h('div', null, [h('dt', null, 'Observed'), h('dd', null, row[F.observed] || '—')])]);
    }
    var where = ruleLocation(row);
    if (where) add(facts, h('div', null, [h('dt', null, 'Rule'), h('dd', null, h('code', null, where))]));
    add(art, facts);
    var description = d.descriptions[row[F.description]];
    if (description) add(art, h('blockquote', {'class': 'claim'}, [h('span', {'class': 'label'}, 'Claim checked'), ' ' + description]));
    if (row[F.note]) add(art, h('p', {'class': 'note'}, [h('span', {'class': 'label'}, 'Note'), ' ' + row[F.note]]));
    var passages = renderPassages(row[F.figures], status);
    if (passages) add(art, passages);
    (row[F.excerpts] || []).forEach(function (e) {
      add(art, h('figure', {'class': 'passage excerpt'}, [h('figcaption', null, place(e)), h('blockquote', {'class': 'quote'}, e[3])]));
    });
    var diff = row[F.diff];
    if (diff) {
      add(art, h('div', {'class': 'diff', role: 'group', 'aria-label': 'Word differences between the two copies'}, [
        diffColumn('First copy', diff[2], diff[0], 'delete', 'del'),
        diffColumn('Second copy', diff[3], diff[1], 'insert', 'ins')
      ]));
    }
    var details = row[F.details], gx = row[F.gx];
    if (details || gx) {
      var more = h('details', {'class': 'more'}, h('summary', null, 'Details' + (gx ? ' and Great Expectations results' : '')));
      if (details) {
        add(more, h('dl', {'class': 'details'}, details.map(function (kv) { return h('div', null, [h('dt', null, kv[0]), h('dd', null, kv[1])]); })));
      }
      if (gx) add(more, h('pre', {'class': 'gx'}, expandGx(id, gx).map(compactJson).join('\n')));
      add(art, more);
    }
    return art;
  }

  /* "source at character N", linked to its place in the source view when it has one. */
  function place(e) {
    var name = payload().sources[e[0]].name;
    return [e[2] ? h('a', {href: '#' + e[2]}, name) : name, ' ', h('span', {'class': 'muted'}, 'at character ' + fmt(e[1]))];
  }
  /* Diff segments are runs of words: one space goes between consecutive segments. */
  function diffColumn(title, where, segments, op, tag) {
    var text = h('p');
    segments.forEach(function (seg, i) {
      if (i) add(text, ' ');
      add(text, seg[0] === op ? h(tag, null, seg[1]) : seg[1]);
    });
    return h('div', {'class': 'diff-col'}, [h('h4', null, [title, where ? [' ', h('span', {'class': 'place'}, place(where))] : null]), text]);
  }

  function ruleLocation(row) {
    var loc = row[payload().F.rule_location];
    return loc ? payload().files[loc[0]] + (loc[1] ? ':' + loc[1] : '') : '';
  }
  /* The sources a finding involves: its figures', its excerpts' and its diff's (as view.py counts them). */
  var sourcesCache = new WeakMap();
  function rowSources(row) {
    var found = sourcesCache.get(row);
    if (found) return found;
    var d = payload(), F = d.F, set = {};
    row[F.figures].forEach(function (fr) { set[d.passages[d.figures[fr[0]][4]][0]] = true; });
    (row[F.excerpts] || []).forEach(function (e) { set[e[0]] = true; });
    if (row[F.diff]) row[F.diff].slice(2).forEach(function (e) { set[e[0]] = true; });
    found = Object.keys(set).map(Number).sort(function (a, b) { return a - b; });
    sourcesCache.set(row, found);
    return found;
  }
  function slugOf(row) { return row[payload().F.slug] || row[payload().F.id]; }

  /* JSON with a space after each comma and colon: the text view.py's gx_text writes. */
  function compactJson(v) {
    if (Array.isArray(v)) return '[' + v.map(compactJson).join(', ') + ']';
    if (v && typeof v === 'object') {
      return '{' + Object.keys(v).map(function (k) { return JSON.stringify(k) + ': ' + compactJson(v[k]); }).join(', ') + '}';
    }
    return JSON.stringify(v);
  }

  /* Undo view.py's _compact_gx: interned key lists and expectations, check ids as suffixes. */
  function expandGx(id, gx) {
    var d = payload();
    return gx.map(function (entry) {
      var out = {};
      d.gxkeys[entry[0]].forEach(function (key, i) {
        var v = entry[i + 1];
        if (key === 'check_id$suffix') out.check_id = id + v;
        else if (key === 'expectations$exps') out.expectations = v.map(function (k) { return d.exps[k]; });
        else out[key] = v;
      });
      return out;
    });
  }

  /* A finding's figures grouped by passage (as view.py groups them), each highlighted in it. */
  function renderPassages(figs, status) {
    var d = payload();
    var groups = [], byKey = {}, unplaced = [];
    figs.forEach(function (fr) {
      var fig = d.figures[fr[0]], role = d.roles[fr[1]];
      var p = d.passages[fig[4]], quote = d.quotes[p[1]];
      var entry = {fig: fig, index: fr[0], roles: role ? [role] : []};
      if (!quote.trim()) { unplaced.push(entry); return; }
      var key = p[2] >= 0 ? 'p' + fig[4] : 'u' + fr[0];
      var g = byKey[key];
      if (!g) { g = byKey[key] = {p: p, quote: quote, figs: [], seen: {}}; groups.push(g); }
      var seen = g.seen[fr[0]];
      if (seen) { if (role && seen.roles.indexOf(role) < 0) seen.roles.push(role); }
      else { g.seen[fr[0]] = entry; g.figs.push(entry); }
    });
    if (!groups.length && !unplaced.length) return null;
    var box = h('div', {'class': 'passages'});
    groups.forEach(function (g) {
      var src = d.sources[g.p[0]];
      var cap = h('figcaption', null, [h('a', {href: '#' + src.anchor}, src.name), ' ',
        g.p[3] ? [h('span', {'class': 'place'}, g.p[3]), ' '] : null,
        g.p[2] >= 0 ? h('span', {'class': 'muted'}, 'at character ' + fmt(g.p[2]))
                    : h('span', {'class': 'muted'}, '(passage not found in the current source text)')]);
      var quote = h('blockquote', {'class': 'quote'});
      var placed = g.figs.filter(function (e) { return e.fig[5] >= 0; })
        .sort(function (a, b) { return a.fig[5] - b.fig[5] || b.fig[1].length - a.fig[1].length; });
      var cursor = 0;
      placed.forEach(function (e) {
        var start = e.fig[5], end = start + e.fig[1].length;
        if (start < cursor || end > g.quote.length) return;
        if (start > cursor) add(quote, g.quote.slice(cursor, start));
        var label = e.roles.join(', ') + ' ' + e.fig[0] + ' = ' + e.fig[2];
        var mark = h('mark', {'class': 'st-' + status}, g.quote.slice(start, end));
        if (e.fig[6]) add(quote, h('a', {'class': 'fig', href: '#' + e.fig[6], title: label + ' — show in source'}, mark));
        else { mark.setAttribute('title', label); add(quote, mark); }
        cursor = end;
      });
      if (cursor < g.quote.length) add(quote, g.quote.slice(cursor));
      var list = h('ul', {'class': 'figlist'}, g.figs.map(figureItem));
      add(box, h('figure', {'class': 'passage'}, [cap, quote, list]));
    });
    if (unplaced.length) {
      add(box, h('ul', {'class': 'figlist unplaced'}, unplaced.map(function (e) {
        return h('li', null, [roleSpans(e.roles), h('code', null, e.fig[0]), ' ', h('b', null, e.fig[2]), ' ',
          h('span', {'class': 'muted'}, 'in ' + d.sources[d.passages[e.fig[4]][0]].name + ', no passage quoted')]);
      })));
    }
    return box;
  }
  function roleSpans(roles) { return roles.map(function (r) { return [h('span', {'class': 'role'}, r), ' ']; }); }
  function figureItem(e) {
    return h('li', null, [roleSpans(e.roles), h('code', null, e.fig[0]), ' ', h('b', null, e.fig[2]),
      e.fig[3] ? [' ', h('span', {'class': 'unit'}, e.fig[3])] : null,
      e.fig[5] < 0 ? [' ', h('em', {'class': 'warn'}, '“' + e.fig[1] + '” not found in this passage')] : null]);
  }

  /* ---- filtering ---- */
  var form = byId('filters'), search = byId('f-search'), kindSel = byId('f-kind'), sourceSel = byId('f-source');
  var lazyBox = byId('findings-lazy'), moreBtn = byId('f-more'), countEl = byId('f-count');
  var noneEl = byId('f-none'), passedRow = byId('passed-row'), pinned = byId('pinned');
  var STATUSES = ['failed', 'error', 'waived', 'passed'];
  var lazyTotal = Number(lazyBox.getAttribute('data-total')) || 0;
  var lazyByStatus = {};
  STATUSES.forEach(function (s) { lazyByStatus[s] = Number(lazyBox.getAttribute('data-' + s)) || 0; });
  var items = Array.prototype.map.call(byId('findings-html').children, function (el) {
    return {el: el, status: el.getAttribute('data-status'), severity: el.getAttribute('data-severity'),
            kind: el.getAttribute('data-kind'), sources: (el.getAttribute('data-sources') || '').split(' ').filter(Boolean),
            text: null};
  });
  var totalPassed = items.filter(function (it) { return it.status === 'passed'; }).length + lazyByStatus.passed;
  var lazyMatches = [], lazyLimit = PAGE, pinnedSlug = null;

  function checked(name) {
    var set = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name="' + name + '"]'), function (i) { if (i.checked) set[i.value] = true; });
    return set;
  }
  function currentState() {
    return {
      statuses: checked('status'), severities: checked('severity'), kind: kindSel.value, source: sourceSel.value,
      terms: search.value.toLowerCase().split(/\s+/).filter(Boolean)
    };
  }
  function isDefault(st) {
    var boxes = form.querySelectorAll('input[type="checkbox"]');
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked !== boxes[i].defaultChecked) return false;
    return !st.terms.length && !st.kind && !st.source;
  }
  /* What a search looks through: everything a finding shows but its raw GX results (the
     findings rendered from JSON are searched the same way, see haystack). */
  function searchText(el) {
    var text = el.textContent, gx = el.querySelector('pre.gx');
    if (gx) text = text.replace(gx.textContent, ' ');
    return text.toLowerCase();
  }
  function hasTerms(text, terms) {
    for (var i = 0; i < terms.length; i++) if (text.indexOf(terms[i]) < 0) return false;
    return true;
  }
  function haystack(i) {
    var d = payload(), F = d.F;
    if (!d.hay) d.hay = new Array(d.lazy.length);
    var t = d.hay[i];
    if (t === undefined) {
      var row = d.lazy[i], parts = [row[F.id], row[F.rule_id], d.kinds[row[F.kind]], row[F.message], d.descriptions[row[F.description]],
        row[F.expected], row[F.observed], ruleLocation(row), d.statuses[row[F.status]], d.severities[row[F.severity]]];
      row[F.figures].forEach(function (fr) {
        var fig = d.figures[fr[0]];
        parts.push(fig[0], fig[1], d.roles[fr[1]], d.quotes[d.passages[fig[4]][1]], d.sources[d.passages[fig[4]][0]].name);
      });
      if (row[F.waiver]) parts.push(row[F.waiver].join(' '));
      (row[F.excerpts] || []).forEach(function (e) { parts.push(d.sources[e[0]].name, e[3]); });
      if (row[F.diff]) [row[F.diff][0], row[F.diff][1]].forEach(function (side) { side.forEach(function (seg) { parts.push(seg[1]); }); });
      (row[F.details] || []).forEach(function (kv) { parts.push(kv[0], kv[1]); });
      parts.push(row[F.note]);
      t = d.hay[i] = parts.join(' ').toLowerCase();
    }
    return t;
  }

  function apply() {
    var st = currentState();
    var shownByStatus = {failed: 0, error: 0, waived: 0, passed: 0}, shown = 0;
    items.forEach(function (it) {
      var ok = !!(st.statuses[it.status] && st.severities[it.severity] && (!st.kind || it.kind === st.kind) &&
        (!st.source || it.sources.indexOf(st.source) >= 0));
      if (ok && st.terms.length) {
        if (it.text === null) it.text = searchText(it.el);
        ok = hasTerms(it.text, st.terms);
      }
      if (it.el.hidden === ok) it.el.hidden = !ok;
      if (ok) { shown++; shownByStatus[it.status]++; }
    });
    lazyMatches = [];
    var lazyPossible = lazyTotal && STATUSES.some(function (s) { return st.statuses[s] && lazyByStatus[s]; });
    if (lazyPossible) {
      var d = payload(), F = d.F, rows = d.lazy;
      var kindIndex = st.kind ? d.kinds.indexOf(st.kind) : -1, source = st.source ? Number(st.source) : -1;
      var statusOk = d.statuses.map(function (s) { return !!st.statuses[s]; });
      var sevOk = d.severities.map(function (s) { return !!st.severities[s]; });
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i];
        if (!statusOk[row[F.status]] || !sevOk[row[F.severity]]) continue;
        if (st.kind && row[F.kind] !== kindIndex) continue;
        if (source >= 0 && rowSources(row).indexOf(source) < 0) continue;
        if (st.terms.length && !hasTerms(haystack(i), st.terms)) continue;
        lazyMatches.push(i);
        shownByStatus[d.statuses[row[F.status]]]++;
      }
    }
    lazyLimit = PAGE;
    renderLazy();
    var matched = shown + lazyMatches.length, total = items.length + lazyTotal;
    var parts = STATUSES.filter(function (s) { return shownByStatus[s]; }).map(function (s) { return fmt(shownByStatus[s]) + ' ' + s; });
    countEl.textContent = fmt(matched) + ' of ' + fmt(total) + ' findings shown' + (parts.length ? ' — ' + parts.join(', ') : '');
    passedRow.hidden = !!st.statuses.passed || totalPassed === 0;
    noneEl.hidden = matched > 0;
    if (!matched) {
      noneEl.textContent = isDefault(st) ? 'Nothing failed: no failed, errored or waived finding.'
                                         : 'No finding matches these filters.';
    }
  }

  function renderLazy() {
    var d = lazyMatches.length ? payload() : null;
    var frag = doc.createDocumentFragment();
    var end = Math.min(lazyMatches.length, lazyLimit);
    for (var k = lazyBox.children.length; k < end; k++) {
      var row = d.lazy[lazyMatches[k]];
      if (slugOf(row) === pinnedSlug) { frag.appendChild(h('p', {'class': 'muted small'}, 'The linked finding, shown above.')); continue; }
      frag.appendChild(renderFinding(row));
    }
    lazyBox.appendChild(frag);
    var rest = lazyMatches.length - end;
    moreBtn.hidden = rest <= 0;
    if (rest > 0) moreBtn.textContent = 'Show ' + fmt(Math.min(PAGE, rest)) + ' more (' + fmt(rest) + ' not listed yet)';
  }
  function resetLazy() { lazyBox.textContent = ''; }

  function refilter() { resetLazy(); apply(); }

  // The search box filters as it is typed; its own "change" on blur would only repeat that.
  form.addEventListener('change', function (e) { if (e.target !== search) refilter(); });
  search.addEventListener('input', refilter);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.addEventListener('reset', function () { setTimeout(refilter, 0); });
  moreBtn.addEventListener('click', function () { lazyLimit += PAGE; renderLazy(); });
  byId('show-passed').addEventListener('click', function () {
    form.querySelector('input[name="status"][value="passed"]').checked = true;
    refilter();
  });

  /* ---- keyboard: "/" searches, Escape clears the search ---- */
  doc.addEventListener('keydown', function (e) {
    var tag = (e.target && e.target.tagName) || '';
    if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !/^(INPUT|TEXTAREA|SELECT)$/.test(tag)) {
      e.preventDefault();
      search.focus();
      search.select();
    } else if (e.key === 'Escape' && e.target === search && search.value) {
      search.value = '';
      refilter();
    }
  });

  /* ---- anchors: findings hidden by filters, findings not rendered yet, closed sources ---- */
  function showFinding(el) {
    var status = el.getAttribute('data-status');
    form.reset();
    form.querySelector('input[name="status"][value="' + status + '"]').checked = true;
    refilter();
  }
  function reveal(hash) {
    var id;
    try { id = decodeURIComponent(hash.replace(/^#/, '')); } catch (err) { return; }
    if (!id) return;
    var el = byId(id);
    if (!el && id.indexOf('finding-') === 0 && lazyTotal) {
      var d = payload(), slug = id.slice(8);
      for (var i = 0; i < d.lazy.length; i++) {
        if (slugOf(d.lazy[i]) === slug) {
          pinned.textContent = '';
          add(pinned, h('p', {'class': 'muted small'}, 'Linked finding'));
          pinnedSlug = slug;
          el = renderFinding(d.lazy[i]);
          pinned.appendChild(el);
          pinned.hidden = false;
          refilter();
          break;
        }
      }
    }
    if (!el) return;
    if (el.classList.contains('finding') && el.hidden) showFinding(el);
    for (var p = el.parentElement; p; p = p.parentElement) if (p.tagName === 'DETAILS' && !p.open) p.open = true;
    var block = el.tagName === 'MARK' ? 'center' : 'start';
    el.scrollIntoView({block: block});
    // Findings above the target lay out only once near the screen (content-visibility), which
    // shifts the page: scroll again once their real sizes are known.
    requestAnimationFrame(function () { requestAnimationFrame(function () { el.scrollIntoView({block: block}); }); });
    if (el.classList.contains('finding')) {
      el.focus({preventScroll: true});
      el.classList.remove('flash');
      void el.offsetWidth;  // restart the highlight animation
      el.classList.add('flash');
    }
  }
  window.addEventListener('hashchange', function () { reveal(location.hash); });
  doc.addEventListener('click', function (e) {
    var a = e.target.closest ? e.target.closest('a[href^="#"]') : null;
    // The same hash again fires no hashchange: reveal it ourselves.
    if (a && a.getAttribute('href') === location.hash) { e.preventDefault(); reveal(location.hash); }
  });

  /* ---- printing: every finding's details expanded ---- */
  var openedForPrint = [];
  window.addEventListener('beforeprint', function () {
    openedForPrint = Array.prototype.filter.call(doc.querySelectorAll('.finding details'), function (dt) { return !dt.open; });
    openedForPrint.forEach(function (dt) { dt.open = true; });
  });
  window.addEventListener('afterprint', function () {
    openedForPrint.forEach(function (dt) { dt.open = false; });
    openedForPrint = [];
  });

  apply();
  if (location.hash) reveal(location.hash);
  doc.documentElement.setAttribute('data-ready', '1');
}());
