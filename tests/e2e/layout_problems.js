(minCh) => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(
      `the page scrolls sideways: ${root.scrollWidth} px wide in ${root.clientWidth} px`,
    );
  }
  const text = document.body.innerText;
  for (const mark of ["{#", "#}", "{%", "%}", "{{", "}}"]) {
    if (text.includes(mark)) {
      const at = text.indexOf(mark);
      problems.push(`template syntax shows: "${text.slice(Math.max(0, at - 30), at + 40)}"`);
    }
  }
  const canvas = document.createElement("canvas").getContext("2d");
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const words = node.textContent.trim();
    if (words.length < 2) continue;
    let box = node.parentElement;
    const skipped = ["SCRIPT", "STYLE", "OPTION", "TEMPLATE", "NOSCRIPT"];
    if (!box || skipped.includes(box.tagName)) continue;
    const own = box.getBoundingClientRect();
    if (own.width <= 1 || own.height <= 1) continue;  // hidden, or for screen readers only
    // Off the page (left: -9999px) or inside a box clipped to nothing: not shown.
    if (own.right <= 0 || own.left >= root.clientWidth) continue;
    let clipped = false;
    for (let up = box; up && up !== document.body; up = up.parentElement) {
      const upStyle = getComputedStyle(up);
      if (upStyle.position === "absolute" && upStyle.clip !== "auto") clipped = true;
    }
    if (clipped) continue;
    while (box.parentElement && getComputedStyle(box).display.startsWith("inline")) {
      box = box.parentElement;
    }
    if (seen.has(box)) continue;
    seen.add(box);
    const style = getComputedStyle(box);
    if (style.visibility === "hidden" || style.display === "none") continue;
    canvas.font = style.font;
    const ch = canvas.measureText("0").width;
    const width = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    // Only a box that makes its text wrap is a column: a button sized to its words is not.
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    if (box.clientWidth > 0 && lines > 1 && width + 0.5 < minCh * ch) {
      const classes = box.className ? "." + String(box.className).split(" ").join(".") : "";
      const name = box.tagName.toLowerCase() + classes;
      const size = `${Math.round(width)} px wide (${(width / ch).toFixed(1)} ch)`;
      problems.push(`${name} is ${size} for "${words.slice(0, 40)}"`);
    }
  }
  return problems;
}
