// Live countdown to the contest deadline; the server-rendered text stays when JS is off.
(function () {
  const node = document.querySelector(".countdown[data-seconds]");
  if (!node) return;
  const end = Date.now() + Number(node.dataset.seconds) * 1000;
  const template = node.textContent;
  function tick() {
    const left = Math.max(0, Math.floor((end - Date.now()) / 1000));
    const d = Math.floor(left / 86400);
    const h = Math.floor((left % 86400) / 3600);
    const m = Math.floor((left % 3600) / 60);
    let i = 0;
    node.textContent = template.replace(/\d+/g, function () {
      i += 1;
      return String([d, h, m][i - 1] ?? "");
    });
  }
  tick();
  setInterval(tick, 30000);
})();
