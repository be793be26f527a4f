// Printing opens every folded answer: paper has no button to unfold one.
window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll("details.solution")) {
    details.open = true;
  }
});
