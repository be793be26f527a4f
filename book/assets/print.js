// Printing opens every folded section (answers, long listings): paper has
// no button to unfold one.
window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll("details")) {
    details.open = true;
  }
});
