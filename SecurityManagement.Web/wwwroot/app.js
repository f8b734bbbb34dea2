// Every page: the service worker that shows pushed requests and the offline page, and (for the
// resident's notifications card) the browser's side of notifications on this device: its permission,
// its push subscription (bound to the society's VAPID public key), turning it on and off. The server
// keeps the subscription; this only asks the browser. A global, not a module: a module imported per
// screen costs every open circuit its reference.
'use strict';

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}

// A screen's first business paints before the rest (see AfterPaintAsync): resolves after the next frame, or on a
// timer in a tab that draws no frames (hidden; the browser slows its timers to about a second).
window.smAfterPaint = () => new Promise(resolve => {
  requestAnimationFrame(() => setTimeout(resolve));
  setTimeout(resolve, 200);
});

// A notification opens a screen at one of its panels (/resident#parcels), and the panels come with the circuit,
// after the page has loaded: the page goes to the panel when it appears, unless the reader has moved first.
if (location.hash.length > 1) {
  const id = decodeURIComponent(location.hash.slice(1));
  const observer = new MutationObserver(() => {
    const target = document.getElementById(id);
    if (target) {
      stop();
      target.scrollIntoView();
    }
  });
  const moves = ['wheel', 'touchstart', 'keydown', 'pointerdown'];
  const stop = () => {
    observer.disconnect();
    moves.forEach(type => removeEventListener(type, stop, true));
  };
  moves.forEach(type => addEventListener(type, stop, true));
  observer.observe(document.documentElement, { childList: true, subtree: true });
  setTimeout(stop, 10000);
}

// The guard's tablet remembers which gate it stands at (a tablet, not a person: it outlives sign-outs).
window.smGate = {
  get: () => localStorage.getItem('sm.gate'),
  set: id => localStorage.setItem('sm.gate', id),
};

window.smReach = (() => {
  async function state() {
    if (!supported()) {
      return { supported: false, permission: 'unsupported', endpoint: null, label: label() };
    }
    const registration = await navigator.serviceWorker.register('/sw.js');
    const subscription = await registration.pushManager.getSubscription();
    return { supported: true, permission: Notification.permission, endpoint: subscription ? subscription.endpoint : null, label: label() };
  }

  async function subscribe(publicKey) {
    if (!supported()) {
      return { error: 'unsupported' };
    }
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') {
      return { error: permission === 'denied' ? 'denied' : 'dismissed' };
    }
    try {
      await navigator.serviceWorker.register('/sw.js');
      const registration = await navigator.serviceWorker.ready;
      let subscription = await registration.pushManager.getSubscription();
      if (subscription && keyOf(subscription) !== publicKey) {
        await subscription.unsubscribe();
        subscription = null;
      }
      subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey });
      const json = subscription.toJSON();
      return { endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth, label: label() };
    } catch {
      return { error: 'failed' };
    }
  }

  async function unsubscribe() {
    const registration = supported() ? await navigator.serviceWorker.getRegistration() : null;
    const subscription = registration ? await registration.pushManager.getSubscription() : null;
    if (!subscription) {
      return null;
    }
    const endpoint = subscription.endpoint;
    await subscription.unsubscribe();
    return endpoint;
  }

  function supported() {
    return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  }

  function keyOf(subscription) {
    const key = subscription.options && subscription.options.applicationServerKey;
    if (!key) {
      return null;
    }
    return btoa(String.fromCharCode(...new Uint8Array(key))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  }

  // What the resident sees for this device in the list, e.g. "Chrome on Android".
  function label() {
    const agent = navigator.userAgent;
    const browser = /Edg\//.test(agent) ? 'Edge' : /SamsungBrowser/.test(agent) ? 'Samsung Internet' : /Firefox\//.test(agent) ? 'Firefox'
      : /Chrome\//.test(agent) ? 'Chrome' : /Safari\//.test(agent) ? 'Safari' : 'Browser';
    const system = /Android/.test(agent) ? 'Android' : /iPhone|iPad/.test(agent) ? 'iOS' : /Windows/.test(agent) ? 'Windows'
      : /Mac OS/.test(agent) ? 'macOS' : /Linux/.test(agent) ? 'Linux' : '';
    return system ? `${browser} on ${system}` : browser;
  }

  return { state, subscribe, unsubscribe };
})();

// The guard's SOS alarm: a two-tone siren from the Web Audio API (and a vibration where there is one) while the
// server keeps saying smSos.ring(true) (at least every few seconds); it stops at smSos.ring(false), or by itself
// when the server has not renewed it for a while (the screen lost its connection). A browser that holds sound back
// until the screen is touched sounds it from the next touch.
window.smSos = (() => {
  const renewWithin = 20000;
  let context = null;
  let timer = null;
  let until = 0;
  const stop = () => {
    clearInterval(timer);
    timer = null;
    document.removeEventListener('pointerdown', resume);
  };
  const beep = () => {
    if (Date.now() > until) {
      stop();
      return;
    }
    if (context.state !== 'running') return;
    [880, 660].forEach((frequency, i) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.value = 0.25;
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(context.currentTime + i * 0.35);
      oscillator.stop(context.currentTime + i * 0.35 + 0.3);
    });
    if (navigator.vibrate) navigator.vibrate([300, 100, 300]);
  };
  function resume() {
    if (context) context.resume();
  }
  return {
    ring(on) {
      if (!on) {
        stop();
        return;
      }
      until = Date.now() + renewWithin;
      if (timer) return;
      try {
        context = context || new AudioContext();
        context.resume();
        document.addEventListener('pointerdown', resume);
        beep();
        timer = setInterval(beep, 900);
      } catch {
        // No sound here: the full-screen alarm still shows.
      }
    },
  };
})();

// A button marked data-print prints the page (no inline handlers: the Content-Security-Policy forbids them).
document.addEventListener('click', e => {
  if (e.target.closest && e.target.closest('[data-print]')) window.print();
});
