# Writes the oracle corpus (test/oracle/snippets/NNN-name.php) from the batch files in this folder.
import os, importlib.util, glob
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', 'snippets')
items = []
for path in sorted(glob.glob(os.path.join(here, 'batch*.py'))):
    spec = importlib.util.spec_from_file_location('b', path); mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    items += mod.S
for f in glob.glob(os.path.join(out, '*.php')): os.remove(f)
for i, (name, code) in enumerate(items, 1):
    open(os.path.join(out, '%03d-%s.php' % (i, name)), 'w').write(code)
print(len(items))
