// Jack the Butler's live dashboard: plain JavaScript, no build step. Events arrive as CloudEvents
// over the Herald web bridge; control frames have a "kind". The last event id seen is kept so that
// a reconnect resumes exactly where the page left off.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = { token: null, hotel: null, lastEventId: null, socket: null, paused: false,
                  seen: new Set(), tasks: new Map(), escalations: new Map() };

  async function loadHotels() {
    const hotels = await (await fetch('/api/hotels')).json();
    $('hotel').innerHTML = hotels.map((h) => `<option value="${h}">${h}</option>`).join('');
  }

  $('login').addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = new URLSearchParams({ hotel: $('hotel').value, name: $('name').value,
                                       passcode: $('passcode').value });
    const reply = await fetch('/api/login', { method: 'POST', body });
    const json = await reply.json();
    if (!reply.ok) { $('login-error').textContent = json.error; return; }
    state.token = json.token; state.hotel = json.hotel;
    $('whoami').textContent = `${$('name').value} @ ${json.hotel}`;
    $('login').classList.add('hidden'); $('board').classList.remove('hidden');
    connect(); poll(); setInterval(poll, 2000);
  });

  function connect() {
    const resume = state.lastEventId ? `lastEventId=${encodeURIComponent(state.lastEventId)}`
                                     : 'since=start';
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/events?access_token=`
                                 + `${encodeURIComponent(state.token)}&${resume}`);
    state.socket = socket;
    socket.onopen = () => { $('status').textContent = 'live'; $('status').className = 'live'; };
    socket.onmessage = (m) => receive(JSON.parse(m.data));
    socket.onclose = () => {
      $('status').textContent = 'reconnecting'; $('status').className = 'down';
      if (!state.paused) setTimeout(connect, 1000);
    };
  }

  function receive(frame) {
    if (!frame.specversion) { control(frame); return; }
    if (state.seen.has(frame.id)) { console.warn('duplicate', frame.id); }
    state.seen.add(frame.id);
    state.lastEventId = frame.id;
    const li = document.createElement('li');
    li.dataset.id = frame.id; li.dataset.type = frame.type;
    li.innerHTML = `<span class="time">${frame.time.substring(11, 19)}</span> `
      + `<span class="type">${frame.type}</span> ${summary(frame)}`;
    applyFilter(li);
    $('stream').prepend(li);
    while ($('stream').children.length > 500) $('stream').lastChild.remove();
    track(frame);
  }

  function control(frame) {
    if (frame.kind === 'resume-failed' || frame.kind === 'dropped' || frame.kind === 'error') {
      console.warn(frame.kind, frame.message);
    }
  }

  function summary(e) {
    const d = e.data || {};
    return escape(d.title || d.taskId || d.conversationId || d.messageId || d.guestId
                  || d.connectionId || '');
  }

  function track(e) {
    const d = e.data;
    if (e.type === 'task:created') state.tasks.set(d.taskId, `${d.priority} · ${d.title}`);
    if (e.type === 'task:completed' || e.type === 'task:cancelled') state.tasks.delete(d.taskId);
    if (e.type === 'conversation:escalated') {
      state.escalations.set(d.conversationId, `${d.priority} · ${d.reason}`);
    }
    if (e.type === 'conversation:resolved') state.escalations.delete(d.conversationId);
    render('tasks', state.tasks, 'task-count');
    render('escalations', state.escalations, 'escalation-count');
  }

  function render(id, map, countId) {
    $(id).innerHTML = [...map].reverse().slice(0, 100)
      .map(([key, text]) => `<li data-id="${escape(key)}">${escape(key)} · ${escape(text)}</li>`)
      .join('');
    $(countId).textContent = map.size;
  }

  function applyFilter(li) {
    const f = $('filter').value.trim();
    li.style.display = !f || li.dataset.type.includes(f) ? '' : 'none';
  }
  $('filter').addEventListener('input', () => [...$('stream').children].forEach(applyFilter));

  async function api(path, options = {}) {
    const reply = await fetch(path, { ...options,
                                      headers: { Authorization: `Bearer ${state.token}` } });
    return reply.json();
  }

  async function poll() {
    const letters = await api('/api/dead-letters');
    $('dead-letters').innerHTML = letters.map((l) => `<li data-id="${l.id}">`
      + `<span class="type">${l.type}</span> ${escape(l.subscriber)}: ${escape(l.error || '')} `
      + `<button class="replay" data-id="${l.id}">Replay</button></li>`).join('')
      || '<li class="none">none</li>';
    const h = await api('/api/health');
    $('health').innerHTML = `<dl><dt>status</dt><dd id="health-status">${h.status}</dd>`
      + Object.entries(h.components).map(([k, v]) => `<dt>${k}</dt><dd>${escape(v)}</dd>`).join('')
      + Object.entries(h.hotel).map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')
      + Object.entries(h.bridge).map(([k, v]) => `<dt>web ${k}</dt><dd>${v}</dd>`).join('')
      + `<dt>queue</dt><dd>${h.queueDepth}</dd></dl>`;
  }

  $('dead-letters').addEventListener('click', async (e) => {
    if (!e.target.classList.contains('replay')) return;
    const result = await api(`/api/dead-letters/replay?id=${encodeURIComponent(e.target.dataset.id)}`,
                             { method: 'POST' });
    e.target.parentElement.dataset.result = result.delivered ? 'delivered' : 'failed';
    poll();
  });

  function escape(text) {
    return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;',
                                                      '"': '&quot;' }[c]));
  }

  // For tests and the curious: drop the connection, and come back resuming from the last id.
  window.dashboard = {
    state,
    pause() { state.paused = true; state.socket.close(); },
    resume() { state.paused = false; connect(); },
  };
  loadHotels();
})();
