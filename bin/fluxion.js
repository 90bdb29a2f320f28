#!/usr/bin/env node
// The installed `fluxion` command: the bundled CLI (npm run build makes dist/).
import { main } from '../dist/bundle/cli.js'
main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  console.error(e instanceof Error ? `${e.name}: ${e.message}` : e)
  process.exit(1)
})
