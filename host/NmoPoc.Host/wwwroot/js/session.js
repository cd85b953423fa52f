// Idle sign-out and session keep-alive. Pages are interactive over one connection, so the server sees no
// HTTP requests while someone works: this script pings /account/keepalive while there is real input, and
// goes to the sign-in page (which ends the session) once there has been none for the idle timeout.
(function () {
    const meta = document.querySelector('meta[name="nmopoc-idle-seconds"]');
    if (!meta) return;
    const idleMs = parseInt(meta.content, 10) * 1000;
    const pingEveryMs = Math.max(1000, idleMs / 3);
    let lastInput = Date.now();
    let lastPing = Date.now();

    const onInput = () => {
        lastInput = Date.now();
        if (lastInput - lastPing >= pingEveryMs) {
            lastPing = lastInput;
            fetch('/account/keepalive', { credentials: 'same-origin', cache: 'no-store' }).catch(() => { });
        }
    };
    ['keydown', 'pointerdown', 'wheel', 'touchstart'].forEach(e => document.addEventListener(e, onInput, { passive: true, capture: true }));

    setInterval(() => {
        if (Date.now() - lastInput < idleMs) return;
        location.href = '/account/signin?idle=1';
    }, 1000);
})();
