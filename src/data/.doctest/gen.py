import re, glob, os
out = []
for f in sorted(glob.glob('src/nn/*.ts') + glob.glob('src/data/*.ts')):
    src = open(f).read()
    for i, m in enumerate(re.finditer(r'/\*\*(.*?)\*/', src, re.S)):
        body = [re.sub(r'^\s*\* ?', '', l) for l in m.group(1).split('\n')]
        ex, on = [], False
        for l in body:
            if l.startswith('@example'):
                on = True; rest = l[len('@example'):].strip()
                if rest: ex.append(rest)
                continue
            if on and l.startswith('@'): on = False
            if on: ex.append(l)
        if not ex: continue
        lines = []
        for l in ex:
            l = l.replace("from 'fluxion'", "from '../../index.js'")
            mm = re.match(r'^(.*?)\s*//\s*(.*)$', l)
            if mm and not re.match(r'^\s*(import|const|let|for|\}|$)', mm.group(1)) and not mm.group(1).rstrip().endswith(('=>', '(', ',')):
                lines.append(f"console.log({json!r}, JSON.stringify({mm.group(1)}), '// want', {mm.group(2)!r})".replace('{json!r}', repr(f'{os.path.basename(f)}#{i}')))
            else: lines.append(l)
        if not any(l.startswith('import') for l in lines):
            lines.insert(0, "import { nn, data, random, tensor, zeros, ones, mean, grad } from '../../index.js'")
        name = f'src/data/.doctest/{os.path.basename(f)[:-3]}_{i}.ts'
        open(name, 'w').write('\n'.join(lines) + '\nexport {}\n')
        out.append(name)
open('src/data/.doctest/all.ts', 'w').write('\n'.join(f"await import('./{os.path.basename(n)}').catch((e) => console.log('FAIL {n}', e.message))" for n in out) + '\nexport {}\n')
