import { random } from './src/index.js'
const k = random.key(0)
for (let r = 0; r < 10; r++) random.normal(random.foldIn(k, r), [200000])
