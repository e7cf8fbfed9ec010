// Child process of the Confirm crash test: the bench's crash child (a real core raising Enquiries at the parent's
// simulator, printing DONE lines and SETTLED), so the test and the bench's crash round exercise the same program.
import { runConfirmCrashChild } from '../../src-main/bench/confirm-crash-round';

await runConfirmCrashChild(process.argv.slice(2));
process.exit(0);
