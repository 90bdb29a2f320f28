import { random } from './src/index.js'
const k = random.key(0)
const [a, b, c] = random.split(k, 3)
const x: random.Key = c
const [d, e] = random.split(k)
const n: number = 5
const arr = random.split(k, n)
const f: random.Key | undefined = arr[0]
const big = random.split(k, 100)
const g: random.Key | undefined = big[3]
console.log(a, b, x, d, e, f, g)
