// After a refused submit, focus goes to the first field marked as refused, so staff land where the fix is typed.
// One behaviour for every form: when a form group turns to the danger intent while the focus sits on a button (the
// Save or Submit just pressed) or nowhere, the first marked field of that button's form, dialog or section takes it.
// Marks that appear while someone types in a field never move their focus.

const CONTAINER = '.bp6-dialog, form, .bp6-section, .sd-page';
const FIELD = 'input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled])';

function focusFirstRefused(): void {
  const active = document.activeElement as HTMLElement | null;
  const pressed = !active || active === document.body || active.matches('button, [role=button]');
  if (!pressed) return;
  const root = (active && active !== document.body ? active.closest(CONTAINER) : null) ?? document.querySelector('.bp6-dialog') ?? document.body;
  const group = [...root.querySelectorAll<HTMLElement>('.bp6-form-group.bp6-intent-danger')].find((g) => g.offsetParent !== null);
  group?.querySelector<HTMLElement>(FIELD)?.focus();
}

export function focusRefusedFields(doc: Document = document): () => void {
  let queued = false;
  const observer = new MutationObserver((records) => {
    const marked = records.some((r) => r.target instanceof HTMLElement && r.target.matches('.bp6-form-group.bp6-intent-danger'));
    const added = records.some((r) => [...r.addedNodes].some((n) => n instanceof HTMLElement && (n.matches('.bp6-form-group.bp6-intent-danger') || n.querySelector('.bp6-form-group.bp6-intent-danger'))));
    if ((!marked && !added) || queued) return;
    queued = true;
    // Once the render that marked the fields is done, so that the first of them in page order is known.
    requestAnimationFrame(() => {
      queued = false;
      focusFirstRefused();
    });
  });
  observer.observe(doc.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
