// Child of holdDatabase: opens the store given on the command line, says "ready", and
// closes it when its stdin ends.
import { openSqliteStore } from '@switchboard/store';

const store = openSqliteStore(process.argv[2]!);
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => {
  store.close();
  process.exit(0);
});
