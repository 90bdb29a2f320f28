#!/usr/bin/env node
// The installed `fluxion` command: the compiled CLI (npm run build makes dist/).
import { main } from '../dist/src/cli/main.js'
main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  console.error(e instanceof Error ? `${e.name}: ${e.message}` : e)
  process.exit(1)
})
