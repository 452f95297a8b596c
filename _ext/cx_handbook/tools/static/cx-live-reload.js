// Live preview (make livehtml): reload this page when the server reports a new build.
// Served by cx_handbook.tools.liveserver only; never part of a published site.
(() => {
  let seen = null;
  const events = new EventSource("/_cx_live/events");
  events.onmessage = (event) => {
    if (seen === null) {
      seen = event.data;
    } else if (event.data !== seen) {
      window.location.reload();
    }
  };
})();
