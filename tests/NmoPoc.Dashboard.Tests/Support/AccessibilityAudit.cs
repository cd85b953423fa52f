using Microsoft.Playwright;

namespace NmoPoc.Dashboard.Tests.Support;

/// <summary>
/// Checks a rendered page in the browser against the parts of WCAG 2.1 AA the dashboard promises (docs/dashboard.md):
/// a language and a title, one h1, a name on every form control, button and link, no positive tabindex, and text
/// contrast of at least 4.5:1 (3:1 for large text), computed from the styles the browser actually applied.
/// Returns one line per finding; an empty list means the page passed.
/// </summary>
public static class AccessibilityAudit
{
    // Contrast follows WCAG's relative luminance. The background is the first opaque one found walking up the
    // tree, with semi-transparent layers blended on the way; disabled controls are exempt, as WCAG allows.
    private const string Script = """
        () => {
          const findings = [];
          const visible = el => { const s = getComputedStyle(el); const r = el.getBoundingClientRect();
            return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0; };
          const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
            (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
            ' "' + (el.innerText || el.value || '').trim().slice(0, 40) + '"';
          const rgba = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return [0, 0, 0, 0];
            const p = m[1].split(/[ ,\/]+/).filter(x => x).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
          const blend = (top, under) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat(1); };
          const background = el => { const layers = [];
            for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor);
              if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
            return layers.reverse().reduce((under, top) => blend(top, under), [255, 255, 255, 1]); };
          const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
          const ratio = (a, b) => { const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x); return (l1 + 0.05) / (l2 + 0.05); };
          const name = el => (el.getAttribute('aria-label') || '').trim() || (el.getAttribute('aria-labelledby') ? 'labelledby' : '') ||
            (el.labels && el.labels.length ? 'label' : '') || (el.getAttribute('title') || '').trim() || (el.innerText || '').trim() ||
            (el.tagName === 'INPUT' && ['submit', 'button'].includes(el.type) ? el.value : '') ||
            Array.from(el.querySelectorAll('img[alt]')).map(i => i.alt).join('').trim();

          if (!document.documentElement.lang) findings.push('html has no lang');
          if (!document.title.trim()) findings.push('page has no title');
          const h1 = Array.from(document.querySelectorAll('h1')).filter(visible).length;
          if (h1 !== 1) findings.push(`page has ${h1} visible h1 elements, expected 1`);
          for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], [role=button], [role=tab]')) {
            if (visible(el) && !name(el)) findings.push('no accessible name: ' + describe(el));
          }
          for (const el of document.querySelectorAll('[tabindex]')) {
            if (el.tabIndex > 0) findings.push('positive tabindex breaks the keyboard order: ' + describe(el));
          }
          for (const el of document.querySelectorAll('body *')) {
            const text = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
            const control = ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName) && el.type !== 'hidden';
            if (!(text || control) || !visible(el) || el.closest(':disabled, [aria-disabled=true], svg')) continue;
            const s = getComputedStyle(el);
            const bg = background(el);
            const fg = blend(rgba(s.color), bg);
            const size = parseFloat(s.fontSize); const bold = parseInt(s.fontWeight, 10) >= 700;
            const needed = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
            const r = ratio(fg, bg);
            if (r < needed) findings.push(`contrast ${r.toFixed(2)}:1 < ${needed}:1 (${s.color} on rgb(${bg.slice(0, 3).map(Math.round)})): ` + describe(el));
          }
          return findings;
        }
        """;

    public static async Task<IReadOnlyList<string>> RunAsync(IPage page) => await page.EvaluateAsync<string[]>(Script);
}
