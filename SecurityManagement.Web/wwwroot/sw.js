// The app's service worker: shows a request pushed to this phone (with Approve and Deny that answer
// without opening the app), replaces it when the request is settled, opens the dashboard at the
// request when tapped, and shows the offline page when a page cannot load. The dashboards themselves
// need the connection: nothing else is cached.
'use strict';

const OFFLINE = '/offline.html';
const CACHE = 'sm-offline-v1';

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll([OFFLINE, '/icons/icon-192.png'])).then(() => self.skipWaiting()));
});

// Navigation preload: a page's request starts while the worker wakes, so the worker costs a page load nothing.
self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(key => key !== CACHE).map(key => caches.delete(key))))
    .then(() => self.registration.navigationPreload && self.registration.navigationPreload.enable())
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
  if (event.request.mode === 'navigate') {
    event.respondWith(page(event));
  }
});

async function page(event) {
  try {
    return (await event.preloadResponse) || await fetch(event.request);
  } catch {
    return caches.match(OFFLINE);
  }
}

self.addEventListener('push', event => {
  event.waitUntil(received(event.data));
});

self.addEventListener('notificationclick', event => {
  event.notification.close();
  event.waitUntil(event.action ? answer(event.notification, event.action) : open(event.notification.data.url));
});

// A push that is not one of ours (not JSON) is dropped.
async function received(data) {
  let message;
  try {
    message = data ? data.json() : null;
  } catch {
    return;
  }
  if (message) {
    await show(message);
    if (message.type === 'request') {
      await post('/reach/seen', { token: message.token }).catch(() => undefined);
    }
  }
}

function show(message) {
  return self.registration.showNotification(message.title, {
    body: message.body,
    tag: message.tag,
    lang: message.lang || undefined,
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    data: message,
    actions: message.actions || [],
    requireInteraction: message.type === 'request',
    renotify: message.type === 'request',
    silent: !!message.silent,
  });
}

// Approve or Deny from the notification itself: the token it carried is the only credential. The
// notification is replaced by what happened (done, or who answered first). Without a connection, or
// without a reply in words (too many tries, say), the request comes back as it was, to answer again or
// to open the app.
async function answer(notification, action) {
  const message = notification.data;
  let reply;
  try {
    const response = await post('/reach/answer', { token: message.token, action, reason: message.reason, lang: message.lang });
    reply = (response.headers.get('Content-Type') || '').includes('json') ? await response.json() : null;
  } catch {
    reply = null;
  }
  if (!reply) {
    return show(message);
  }
  return self.registration.showNotification(reply.title, {
    body: reply.body,
    tag: message.tag,
    lang: message.lang || undefined,
    icon: '/icons/icon-192.png',
    data: { url: message.url },
  });
}

async function open(url) {
  const target = new URL(url || '/resident', self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const existing = windows.find(w => new URL(w.url).pathname === new URL(target).pathname);
  if (existing) {
    await existing.focus();
    return existing.navigate(target).catch(() => undefined);
  }
  return self.clients.openWindow(target);
}

function post(path, body) {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
}
