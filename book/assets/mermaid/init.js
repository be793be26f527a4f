// Loads the bundled mermaid only on pages that have a diagram, and picks
// mermaid's dark theme when the book shows a dark theme.
(() => {
  const blocks = document.querySelectorAll("pre.mermaid");
  if (blocks.length === 0) return;
  const here = document.currentScript
    ? document.currentScript.src
    : document.querySelector('script[src$="mermaid/init.js"]').src;
  const script = document.createElement("script");
  script.src = new URL("mermaid.min.js", here).href;
  script.onload = () => {
    const dark = ["coal", "navy", "ayu"].some((t) =>
      document.documentElement.classList.contains(t)
    );
    mermaid.initialize({
      startOnLoad: false,
      theme: dark ? "dark" : "default",
    });
    mermaid.run({ nodes: blocks });
  };
  document.head.appendChild(script);
})();
