// The layout rules a screen must keep at any window size, measured in the page itself (one evaluate, no retries):
//
// 1. Row actions in reach: every visible button and link inside a table row (tbody rows, role="row", *-row test
//    ids) lies horizontally inside the window. Horizontal scroll does not count as "in reach": staff miss it.
// 2. Cut headers explain themselves: a header cell (th, role="columnheader") whose text is wider than its box
//    (scrollWidth > clientWidth, on the cell or anything inside it) carries its full text in a title or an
//    aria-description, on itself or the element that is cut.
// 3. Nothing overlaps. "Atoms" are the things a user reads or hits: buttons, inputs, selects, textareas, tags,
//    and the runs of text inside table cells that are not part of one of those. Each atom's box is what is visibly
//    painted: its border box (for text, the Range's line boxes) cut by every ancestor that clips (overflow other
//    than visible) and by the window. Two atoms overlap when that visible intersection is more than 2px in both
//    directions and neither contains the other in the DOM (a tag's own text is not an overlap with the tag), and
//    they are not an input and its own input group's decoration (Blueprint draws an InputGroup's icon and right
//    element over the input's padding, which it widens to make room).
//    The 2px allowance absorbs sub-pixel rounding and focus outlines; real collisions are far larger. The content of
//    a closed <details> is not painted and is not an atom.
// 5. Cut cell text reads in full on hover: an element in a table body cell whose text is wider than its box has a
//    title (on itself or up to the cell), or gets one when the pointer moves over it (a mouseover is sent to it).
// 4. Dropdowns show their choice: a <select> whose chosen option's text is wider than the room inside the select
//    carries a title (measured with the select's own font).
// 6. Help reads whole: the help text under a field (Blueprint's helper text) is never cut, across or down.
// 7. No column is cut off by its table's edge: a header cell (or a table's empty-state message) lies across inside
//    what its clipping ancestors show. A column that does not fit is dropped and named by the table's marker, not
//    left half-visible behind a scroll staff do not see (a panel beside the list is the usual cause). Likewise a
//    tag or button inside a card lies across inside the card: it wraps, it does not run past the card's edge.
// 8. Hints read whole: an input's placeholder (shown while it is empty) fits the room inside the input, measured with
//    the input's own font; a value shown in a read-only input fits it too, or the input carries it as its title.
// 9. A button's or a link's words stay on one line: its text's line boxes all share one top (a link inside running
//    text, a paragraph, a callout, a help text or a list item, may wrap with the sentence).
// 10. Code never splits a word: in laid-out code (pre: a request, its answer, a template's XML) every run of text
//    between whitespace ("xmlns:soap=\"…/envelope/\">", a path, an id) has all its line boxes on one top. Lines
//    break at whitespace only; a word wider than its box scrolls sideways.
import type { Page } from 'playwright-core';

export interface LayoutProblem {
  rule:
    | 'row-action-outside'
    | 'header-cut-without-tooltip'
    | 'overlap'
    | 'select-cut-without-tooltip'
    | 'cell-cut-without-tooltip'
    | 'help-text-cut'
    | 'cut-off-by-edge'
    | 'placeholder-cut'
    | 'read-only-value-cut'
    | 'action-text-wraps'
    | 'code-word-split';
  what: string;
}

export function checkLayout(page: Page, scope = 'main, .bp6-dialog'): Promise<LayoutProblem[]> {
  return page.evaluate((scopeSelector) => {
    const problems: { rule: string; what: string }[] = [];
    const W = window.innerWidth;
    const H = window.innerHeight;
    const roots = [...document.querySelectorAll<HTMLElement>(scopeSelector)];
    const all = (sel: string) => roots.flatMap((r) => [...r.querySelectorAll<HTMLElement>(sel)]);
    const label = (el: Element) => {
      const id = el.getAttribute('data-testid');
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''}${text ? ` "${text}"` : ''}`;
    };
    const shown = (el: Element) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0 && (el as HTMLElement).offsetParent !== null;
    };
    type Box = { l: number; t: number; r: number; b: number };
    const intersect = (a: Box, b: Box): Box => ({ l: Math.max(a.l, b.l), t: Math.max(a.t, b.t), r: Math.min(a.r, b.r), b: Math.min(a.b, b.b) });
    // A text's box is cut by its own element too (ellipsis); a control's border box is not cut by itself.
    const clipOf = (el: Element, self: boolean): Box => {
      let box: Box = { l: 0, t: 0, r: W, b: H };
      for (let p = self ? el : el.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
          const r = p.getBoundingClientRect();
          box = intersect(box, { l: r.left, t: r.top, r: r.right, b: r.bottom });
        }
      }
      return box;
    };

    // 1. Row actions in reach.
    const rows = all('tbody tr, [role="row"], [data-testid$="-row"]');
    for (const row of rows) {
      for (const action of row.querySelectorAll<HTMLElement>('button, a[href]')) {
        if (!shown(action)) continue;
        const r = action.getBoundingClientRect();
        if (r.right > W + 0.5 || r.left < -0.5) problems.push({ rule: 'row-action-outside', what: `${label(action)} in ${label(row).slice(0, 60)}: x ${Math.round(r.left)}–${Math.round(r.right)} of ${W}` });
      }
    }

    // 2. Cut headers explain themselves.
    const explained = (el: Element | null, stop: Element) => {
      for (let e = el; e; e = e.parentElement) {
        if (e.getAttribute('title') || e.getAttribute('aria-description')) return true;
        if (e === stop) break;
      }
      return false;
    };
    for (const cell of all('th, [role="columnheader"]')) {
      if (!shown(cell)) continue;
      const cut = [cell, ...cell.querySelectorAll('*')].filter((e) => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && !(e instanceof SVGElement));
      for (const e of cut) {
        const inside = [e, ...e.querySelectorAll('*')];
        if (!explained(e, cell) && !inside.some((x) => x.getAttribute('title') || x.getAttribute('aria-description')))
          problems.push({ rule: 'header-cut-without-tooltip', what: `${label(e)} in ${label(cell).slice(0, 30)} (${e.scrollWidth}px of text in ${e.clientWidth}px)` });
      }
    }

    // 5. Cut cell text reads in full on hover.
    for (const cell of all('td, [role="cell"]')) {
      if (!shown(cell)) continue;
      for (const e of [cell, ...cell.querySelectorAll<HTMLElement>('*')]) {
        if (e instanceof SVGElement || e.matches('select, input, textarea, button') || !(e.textContent ?? '').trim()) continue;
        if (!(e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0) || explained(e, cell)) continue;
        e.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        if (!explained(e, cell)) problems.push({ rule: 'cell-cut-without-tooltip', what: `${label(e)} (${e.scrollWidth}px of text in ${e.clientWidth}px)` });
      }
    }

    // 3. Nothing overlaps.
    const ATOM = 'button, input:not([type="hidden"]), select, textarea, .bp6-tag';
    type Atom = { el: Element; box: Box };
    const atoms: Atom[] = [];
    const add = (el: Element, rects: Iterable<DOMRect>, text = false) => {
      const clip = clipOf(el, text);
      for (const r of rects) {
        const box = intersect({ l: r.left, t: r.top, r: r.right, b: r.bottom }, clip);
        if (box.r - box.l > 0.5 && box.b - box.t > 0.5) atoms.push({ el, box });
      }
    };
    for (const el of all(ATOM)) {
      // Blueprint's switches and checkboxes hide the real input under their painted indicator.
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) continue;
      if (shown(el)) add(el, [el.getBoundingClientRect()]);
    }
    for (const cell of all('td, th, [role="cell"], [role="columnheader"]')) {
      if (!shown(cell)) continue;
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const parent = n.parentElement!;
        // A closed disclosure's content is not painted (Chromium still answers its text's boxes where it would lie).
        if (parent.closest('details:not([open]) > :not(summary)')) continue;
        if (!(n.textContent ?? '').trim() || parent.closest(ATOM) || parent.closest('svg') || !shown(parent)) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        add(parent, range.getClientRects(), true);
      }
    }
    atoms.sort((a, b) => a.box.l - b.box.l);
    const seen = new Set<string>();
    for (let i = 0; i < atoms.length; i++) {
      const a = atoms[i];
      for (let j = i + 1; j < atoms.length && atoms[j].box.l < a.box.r - 2; j++) {
        const b = atoms[j];
        if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const group = a.el.closest('.bp6-input-group');
        if (group && group === b.el.closest('.bp6-input-group') && (a.el.matches('input') || b.el.matches('input'))) continue;
        const x = intersect(a.box, b.box);
        if (x.r - x.l > 2 && x.b - x.t > 2) {
          const what = `${label(a.el)} × ${label(b.el)}`;
          if (!seen.has(what)) {
            seen.add(what);
            problems.push({ rule: 'overlap', what: `${what} (${Math.round(x.r - x.l)}×${Math.round(x.b - x.t)}px)` });
          }
        }
      }
    }

    // 4. Dropdowns show their choice.
    const ctx = document.createElement('canvas').getContext('2d')!;
    for (const select of all('select') as HTMLSelectElement[]) {
      if (!shown(select) || select.selectedIndex < 0) continue;
      const s = getComputedStyle(select);
      ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const text = select.options[select.selectedIndex].text;
      const room = select.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      if (ctx.measureText(text).width > room + 1 && !select.title && !select.closest('[title]'))
        problems.push({ rule: 'select-cut-without-tooltip', what: `${label(select).slice(0, 30)} shows "${text}" in ${Math.round(room)}px` });
    }

    // 6. Help reads whole.
    for (const help of all('.bp6-form-helper-text')) {
      if (!shown(help)) continue;
      if (help.scrollWidth > help.clientWidth + 1 || help.scrollHeight > help.clientHeight + 1)
        problems.push({ rule: 'help-text-cut', what: `${label(help).slice(0, 60)} (${help.scrollWidth}×${help.scrollHeight}px of text in ${help.clientWidth}×${help.clientHeight}px)` });
    }

    // 7. No column cut off by its table's edge.
    for (const el of all('th, [role="columnheader"], .bp6-non-ideal-state, .bp6-non-ideal-state > *')) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      const clip = clipOf(el, false);
      if (r.right > clip.r + 1 || r.left < clip.l - 1)
        problems.push({ rule: 'cut-off-by-edge', what: `${label(el).slice(0, 50)}: x ${Math.round(r.left)}–${Math.round(r.right)}, shown ${Math.round(clip.l)}–${Math.round(clip.r)}` });
    }
    for (const el of all('.bp6-card .bp6-tag, .bp6-card button')) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      const card = el.closest('.bp6-card')!.getBoundingClientRect();
      if (r.right > card.right + 1 || r.left < card.left - 1)
        problems.push({ rule: 'cut-off-by-edge', what: `${label(el).slice(0, 50)}: x ${Math.round(r.left)}–${Math.round(r.right)}, its card ${Math.round(card.left)}–${Math.round(card.right)}` });
    }
    // 8. Hints read whole.
    for (const input of all('input') as HTMLInputElement[]) {
      if (!shown(input) || ['checkbox', 'radio', 'hidden', 'file'].includes(input.type)) continue;
      const s = getComputedStyle(input);
      ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const room = input.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      if (!input.value && input.placeholder && ctx.measureText(input.placeholder).width > room + 1)
        problems.push({ rule: 'placeholder-cut', what: `${label(input).slice(0, 30)} placeholder "${input.placeholder}" in ${Math.round(room)}px` });
      if (input.readOnly && input.value && ctx.measureText(input.value).width > room + 1 && input.title !== input.value)
        problems.push({ rule: 'read-only-value-cut', what: `${label(input).slice(0, 30)} shows "${input.value.slice(0, 60)}" in ${Math.round(room)}px` });
    }

    // 9. A button's or a link's words stay on one line.
    for (const el of all('button, .bp6-button, a[href]')) {
      if (!shown(el) || el.closest('p, li, .bp6-callout, .bp6-form-helper-text, .bp6-non-ideal-state-text, .bp6-toast')) continue;
      const tops: number[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!(n.textContent ?? '').trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) if (r.width > 0.5) tops.push(r.top);
      }
      // Line boxes of one line share their top within a few px (an icon or a tag beside the words may sit lower).
      const lines = tops.sort((a, b) => a - b).filter((t, i, arr) => i === 0 || t - arr[i - 1] > 6).length;
      if (lines > 1) problems.push({ rule: 'action-text-wraps', what: `${label(el).slice(0, 60)} (${lines} lines)` });
    }

    // 10. Code never splits a word.
    for (const pre of all('pre')) {
      if (!shown(pre)) continue;
      const nodes: { node: Text; from: number }[] = [];
      let text = '';
      const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        nodes.push({ node: n, from: text.length });
        text += n.data;
      }
      const at = (offset: number, end: boolean) => {
        const i = nodes.findLastIndex((x) => (end ? x.from < offset : x.from <= offset));
        const { node, from } = nodes[Math.max(0, i)];
        return [node, offset - from] as const;
      };
      let split = 0;
      let first = '';
      for (const m of text.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(...at(m.index, false));
        range.setEnd(...at(m.index + m[0].length, true));
        const tops = [...range.getClientRects()].filter((r) => r.width > 0.5).map((r) => r.top);
        const lines = tops.sort((a, b) => a - b).filter((t, i, arr) => i === 0 || t - arr[i - 1] > 6).length;
        if (lines > 1 && split++ === 0) first = m[0].slice(0, 60);
      }
      if (split) problems.push({ rule: 'code-word-split', what: `${label(pre).slice(0, 40)}: ${split} word(s) split across lines, first "${first}"` });
    }
    return problems as LayoutProblem[];
  }, scope);
}
