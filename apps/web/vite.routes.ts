import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin, Rollup } from 'vite';

type OutputAsset = Rollup.OutputAsset;
type OutputChunk = Rollup.OutputChunk;

/**
 * Modulepreload of the page the address names, for the console's first load. Each page's code is a lazy chunk that
 * the router asks for only once the entry's scripts have run (≈0.7 s of script on this machine), so a cold load
 * fetched the page's code after that, in series. This plugin writes a small classic script (external: the CSP allows
 * no inline script) that the HTML runs first: it matches `location.pathname` against the router's paths and adds a
 * `<link rel="modulepreload">` for that page's chunk and the chunks it imports, so they download while the entry runs.
 *
 * The paths are read from router.tsx: each route's path literal followed by its page's `import('./features/…')`.
 */
export function routePreload(opts: {
  html: string;
  router: string;
  base: string;
  /** per router path, the API answers its loader asks for when the address has no search (the page's first view) */
  data?: Record<string, string[]>;
}): Plugin {
  return {
    name: 'console-route-preload',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = Object.values(bundle).find((f): f is OutputAsset => f.type === 'asset' && f.fileName === opts.html);
      if (!html) return;
      const chunks = Object.values(bundle).filter((f): f is OutputChunk => f.type === 'chunk');
      const entry = chunks.find(
        (c) => c.isEntry && c.facadeModuleId && /console[\\/]index\.html$/.test(c.facadeModuleId),
      );
      if (!entry) return;
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const closure = (start: string[], seen = new Set<string>()) => {
        for (const f of start) {
          if (seen.has(f) || !byName.has(f)) continue;
          seen.add(f);
          closure(byName.get(f)!.imports, seen);
        }
        return seen;
      };
      // what the HTML already preloads: the entry and everything it imports
      const loaded = closure([entry.fileName]);
      const byModule = new Map(
        chunks.filter((c) => c.facadeModuleId).map((c) => [path.normalize(c.facadeModuleId!), c]),
      );
      const routerDir = path.dirname(opts.router);
      const routes: Array<[string, string[]]> = [];
      for (const m of readFileSync(opts.router, 'utf8').matchAll(
        /'(\/[^']*)',[^']*?import\('(\.\/features\/[^']+)'\)/g,
      )) {
        const chunk = byModule.get(path.resolve(routerDir, m[2]!));
        if (!chunk) continue;
        const files = [...closure([chunk.fileName])].filter((f) => !loaded.has(f));
        routes.push([m[1]!, files]);
      }
      // a literal path wins over a pattern (/cases/new before /cases/$id)
      routes.sort(([a], [b]) => Number(a.includes('$')) - Number(b.includes('$')));
      // each file named once, routes by index: the script blocks the parser, so it is kept small
      const files = [...new Set(routes.flatMap(([, f]) => f))];
      const table = routes.map(([p, f]) => [
        `^${p.replace(/\$\w+/g, '[^/]+')}/?$`,
        f.map((x) => files.indexOf(x)),
        opts.data?.[p] ?? [],
      ]);
      // the data as the page's fetch() will ask for it (same address, mode and credentials), so that fetch takes it
      const code = `(function(){var f=${JSON.stringify(files)},r=${JSON.stringify(table)},p=location.pathname.replace(/^\\/console/,'')||'/';
function add(h,rel,as){var l=document.createElement('link');l.rel=rel;l.href=h;l.crossOrigin='anonymous';if(as)l.as=as;document.head.appendChild(l)}
for(var i=0;i<r.length;i++)if(new RegExp(r[i][0]).test(p)){r[i][1].forEach(function(j){add('${opts.base}'+f[j],'modulepreload')});
if(!location.search)r[i][2].forEach(function(h){add(h,'preload','fetch')});return}})();\n`;
      const fileName = `assets/console-routes-${createHash('sha256').update(code).digest('hex').slice(0, 8)}.js`;
      this.emitFile({ type: 'asset', fileName, source: code });
      // before the entry's module script: a classic script runs as soon as it arrives, the module only after parsing
      html.source = String(html.source).replace(
        /(\s*)<script type="module"/,
        `$1<script src="${opts.base}${fileName}"></script>$1<script type="module"`,
      );
    },
  };
}
