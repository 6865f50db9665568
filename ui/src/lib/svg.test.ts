import { describe, expect, it } from "vitest";
import { sanitizeSvg } from "./svg";

const wrap = (inner: string) => `<svg width="760" height="300" viewBox="0 0 760 300" xmlns="http://www.w3.org/2000/svg">${inner}</svg>`;

function clean(inner: string): SVGSVGElement {
  const svg = sanitizeSvg(wrap(inner));
  if (!svg) throw new Error("not rebuilt");
  return svg;
}

describe("sanitizeSvg", () => {
  it("keeps a plotters chart's shapes, text and geometry", () => {
    const svg = clean(
      `<rect x="0" y="0" width="760" height="300" opacity="1" fill="#FFFFFF" stroke="none"/>` +
        `<text x="8" y="151" dy="0.76em" text-anchor="middle" font-family="Inter" font-size="10" fill="#1E2328" transform="rotate(270, 8, 151)">Compliance</text>` +
        `<polyline fill="none" stroke="#000000" stroke-width="1" points="65,54 65,247 "/><circle cx="3" cy="4" r="2"/><line x1="1" y1="2" x2="3" y2="4"/>`,
    );
    expect(svg.namespaceURI).toBe("http://www.w3.org/2000/svg");
    expect(svg.getAttribute("viewBox")).toBe("0 0 760 300");
    expect(svg.getAttribute("width")).toBe("760");
    expect(Array.from(svg.children).map((c) => c.localName)).toEqual(["rect", "text", "polyline", "circle", "line"]);
    const text = svg.querySelector("text");
    expect(text?.getAttribute("transform")).toBe("rotate(270, 8, 151)");
    expect(text?.getAttribute("font-family")).toBe("Inter");
    expect(text?.textContent).toBe("Compliance");
    expect(svg.querySelector("polyline")?.getAttribute("points")).toBe("65,54 65,247 ");
  });

  it("drops script elements with what they hold", () => {
    const svg = clean(`<script>window.hacked = 1</script><g><script type="text/javascript">alert(1)</script><rect width="1" height="1"/></g>`);
    expect(svg.querySelector("script")).toBeNull();
    expect(svg.outerHTML).not.toContain("hacked");
    expect(svg.outerHTML).not.toContain("alert");
    expect(svg.querySelector("g rect")).not.toBeNull();
  });

  it("drops event handlers, links and styles", () => {
    const svg = clean(
      `<rect onload="alert(1)" onclick="alert(2)" width="5" height="5" style="fill:url(https://evil.example/x)" href="https://evil.example" class="x" id="y"/>` +
        `<a href="javascript:alert(1)"><text>Link</text></a><image href="https://evil.example/p.png" width="1" height="1"/>` +
        `<text xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="https://evil.example" x="1">Hi</text>`,
    );
    const rect = svg.querySelector("rect");
    expect(rect?.getAttributeNames().sort()).toEqual(["height", "width"]);
    expect(svg.querySelector("a")).toBeNull();
    expect(svg.querySelector("image")).toBeNull();
    expect(svg.outerHTML).not.toMatch(/onload|onclick|style=|href|evil/);
    expect(svg.querySelector("text")?.getAttributeNames()).toEqual(["x"]);
  });

  it("refuses attribute values that reach outside the picture", () => {
    const svg = clean(`<rect fill="url(https://evil.example/#g)" stroke="#000" width="1" height="1"/>`);
    expect(svg.querySelector("rect")?.hasAttribute("fill")).toBe(false);
    expect(svg.querySelector("rect")?.getAttribute("stroke")).toBe("#000");
  });

  it("keeps markup inside text as text", () => {
    const svg = clean(`<text x="1" y="2">&lt;b&gt;Not bold&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;</text><text><![CDATA[<i>cdata</i>]]></text>`);
    const texts = svg.querySelectorAll("text");
    expect(texts[0]?.textContent).toBe("<b>Not bold</b> <img src=x onerror=alert(1)>");
    expect(texts[0]?.children.length).toBe(0);
    expect(texts[1]?.textContent).toBe("<i>cdata</i>");
    expect(svg.querySelector("b, img, i")).toBeNull();
  });

  it("drops foreign content and elements of other namespaces", () => {
    const svg = clean(`<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></div></foreignObject><rect width="1" height="1"/>`);
    expect(Array.from(svg.children).map((c) => c.localName)).toEqual(["rect"]);
  });

  it("refuses what is not an SVG document", () => {
    expect(sanitizeSvg("<svg")).toBeNull();
    expect(sanitizeSvg(`<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`)).toBeNull();
    expect(sanitizeSvg("not xml at all")).toBeNull();
  });
});
