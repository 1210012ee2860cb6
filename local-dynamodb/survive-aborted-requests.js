// Preloaded into dynalite (node --require). dynalite 4.0.0 rethrows any error of an incoming request
// (index.js: `req.on('error', function (err) { throw err })`), so one client that hangs up before its request
// has fully arrived ("aborted", ECONNRESET) ends the whole server and every table in it:
// https://github.com/architect/dynalite/issues/183. Only that request is lost, and its client has gone:
// drop it and keep serving. Any other uncaught error still ends the process, stack on stderr, exit code 1.
process.on('uncaughtException', (err) => {
  if (err && err.code === 'ECONNRESET' && err.message === 'aborted') {
    console.error('dynalite: dropped a request whose client hung up before sending all of it')
    return
  }
  console.error(err)
  process.exit(1)
})
