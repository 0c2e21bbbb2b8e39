'use strict';
// Preloaded (`-r`) into a host started with --cpu-prof: Nest's shutdown hooks re-raise SIGINT and
// SIGTERM after closing, so the process dies by the signal and Node never writes the profile.
// SIGUSR2 ends it with a normal exit instead, which does.
process.on('SIGUSR2', () => process.exit(0));
