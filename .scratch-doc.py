import re,sys,glob
for p in sorted(glob.glob('src/random/*.ts')+glob.glob('src/init/*.ts')+['laws/random.ts']):
    s=open(p).read()
    for m in re.finditer(r'^export (?:const|function|class|interface|type) (\w+)', s, re.M):
        name=m.group(1)
        before=s[:m.start()]
        j=before.rfind('/**')
        k=before.rfind('*/')
        doc=before[j:k] if j!=-1 and k!=-1 and before[k:].strip()=='*/' else ''
        # allow overload signatures
        missing=[t for t in ['@since','@category','@example'] if t not in doc]
        internal='@internal' in doc
        if missing: print(p, name, 'internal' if internal else 'PUBLIC', missing)
