// Preloaded into dynalite (node --require): the JVM holds the other end of stdin, so when that JVM dies,
// even killed without running its shutdown hooks, stdin ends and the server goes with it.
process.stdin.on('end', () => process.exit(0)).resume()
