/**
 * Calls `fn` at most once per `everyMs`, trailing: a burst of changes (5,000 jobs failing together) makes one event,
 * sent after the burst's first change and again after its last.
 */
export function coalesce(fn: () => void, everyMs = 250): () => void {
  let timer: NodeJS.Timeout | null = null;
  let again = false;
  return () => {
    if (timer) {
      again = true;
      return;
    }
    fn();
    const wait = () => {
      timer = setTimeout(() => {
        timer = null;
        if (again) {
          again = false;
          fn();
          wait();
        }
      }, everyMs);
      timer.unref?.();
    };
    wait();
  };
}
