// Self-check questions (<section class="quiz">, written by the chapter's
// code, keys in data- attributes). Checking, feedback and explanations
// happen here, in the page; answers are kept in this browser's
// localStorage (nothing is sent anywhere), and one button per page clears
// them.
(() => {
  "use strict";
  const PREFIX = "dl-book-quiz:";
  const store = {
    get: (k) => {
      try { return localStorage.getItem(PREFIX + k); } catch (e) { return null; }
    },
    set: (k, v) => {
      try { localStorage.setItem(PREFIX + k, v); } catch (e) { /* private mode */ }
    },
    remove: (k) => {
      try { localStorage.removeItem(PREFIX + k); } catch (e) { /* private mode */ }
    },
  };
  // As kit::interactive::normalize: no whitespace, lower case.
  const normalize = (s) => s.replace(/\s+/g, "").toLowerCase();
  // A typed number: full-width digits and signs, a decimal comma, × 10^.
  const parseNumber = (s) => {
    const t = s
      .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/[－−]/g, "-").replace(/[．，,]/g, ".").replace(/\s+/g, "");
    return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : NaN;
  };

  const setUp = (q) => {
    const kind = q.dataset.kind;
    const key = q.dataset.key;
    const feedback = q.querySelector(".quiz-feedback");
    const explanation = q.querySelector(".quiz-explanation");
    const show = q.querySelector(".quiz-show");
    const text = q.querySelector('input[type="text"]');
    const radios = [...q.querySelectorAll('input[type="radio"]')];
    const value = () => {
      if (kind === "choice") {
        const picked = radios.find((r) => r.checked);
        return picked ? picked.value : "";
      }
      return text ? text.value : "";
    };
    const isRight = (v) => {
      if (kind === "choice") return v === q.dataset.answer;
      if (kind === "number") {
        const x = parseNumber(v);
        return Math.abs(x - Number(q.dataset.answer)) <= Number(q.dataset.tolerance);
      }
      return normalize(v) === normalize(q.dataset.answer);
    };
    const judge = (v) => {
      q.classList.remove("right", "wrong");
      if (v.trim() === "") {
        feedback.hidden = false;
        feedback.textContent = kind === "choice" ? "请先选一项。" : "请先填写答案。";
        return;
      }
      const right = isRight(v);
      q.classList.add(right ? "right" : "wrong");
      feedback.hidden = false;
      feedback.textContent = right ? "✓ 答对了。" : "✗ 不对，再想想，或者点“显示答案”。";
      explanation.hidden = !right;
      show.hidden = right;
    };
    const clear = () => {
      q.classList.remove("right", "wrong");
      feedback.hidden = true;
      feedback.textContent = "";
      explanation.hidden = true;
      show.hidden = true;
      radios.forEach((r) => { r.checked = false; });
      if (text) text.value = "";
    };
    q.querySelector(".quiz-check").addEventListener("click", () => {
      const v = value();
      if (v.trim() !== "") store.set(key, v);
      judge(v);
    });
    show.addEventListener("click", () => {
      explanation.hidden = false;
      show.hidden = true;
    });
    if (text) {
      text.addEventListener("keydown", (e) => {
        if (e.key === "Enter") q.querySelector(".quiz-check").click();
      });
    }
    const saved = store.get(key);
    if (saved !== null) {
      if (kind === "choice") radios.forEach((r) => { r.checked = r.value === saved; });
      else if (text) text.value = saved;
      judge(saved);
    }
    return { key, clear };
  };

  const start = () => {
    const quizzes = [...document.querySelectorAll("section.quiz")];
    if (quizzes.length === 0) return;
    const questions = quizzes.flatMap((s) =>
      [...s.querySelectorAll(".question")].map(setUp)
    );
    quizzes.forEach((s) => s.classList.add("quiz-ready"));
    // One reset button for the page, after its last group of questions.
    const reset = document.createElement("button");
    reset.type = "button";
    reset.className = "quiz-reset";
    reset.textContent = "清除本章自测题的答案";
    reset.addEventListener("click", () => {
      for (const q of questions) {
        store.remove(q.key);
        q.clear();
      }
    });
    const p = document.createElement("p");
    p.className = "quiz-reset-line";
    p.appendChild(reset);
    quizzes[quizzes.length - 1].appendChild(p);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
