// Figures with a knob (<figure class="knob">, written by the chapter's
// code): the range input, or the − / ＋ buttons beside it, pick a
// position; the script shows that position's pre-drawn frame and readout,
// both listed in the figure's hidden <ol class="knob-data">. It computes
// nothing. A frame is loaded only when its position is picked.
(() => {
  "use strict";
  const setUp = (figure) => {
    const input = figure.querySelector('input[type="range"]');
    const img = figure.querySelector("img.knob-frame");
    const readout = figure.querySelector(".knob-readout");
    const data = [...figure.querySelectorAll(".knob-data > li")].map((li) => ({
      src: li.dataset.src,
      text: li.textContent,
    }));
    if (!input || !img || !readout || data.length === 0) return;
    const show = (i) => {
      const at = Math.max(0, Math.min(data.length - 1, i));
      input.value = String(at);
      input.setAttribute("aria-valuetext", data[at].text);
      readout.textContent = data[at].text;
      img.alt = data[at].text;
      img.setAttribute("src", data[at].src);
      figure.dataset.position = String(at);
    };
    input.addEventListener("input", () => show(Number(input.value)));
    for (const button of figure.querySelectorAll(".knob-step")) {
      button.addEventListener("click", () =>
        show(Number(input.value) + Number(button.dataset.step))
      );
    }
    figure.dataset.position = input.value;
    figure.classList.add("knob-ready");
  };
  const start = () => document.querySelectorAll("figure.knob").forEach(setUp);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
