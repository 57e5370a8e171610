/**
 * The pages' only stylesheet, inlined in every page: no request leaves the site,
 * no web font, no script. System fonts; light and dark follow the phone's setting.
 */
export const PAGE_CSS = `:root{color-scheme:light dark;--fg:#1b1c1f;--bg:#fff;--muted:#5b5e66;--line:#d8dbe0;--card:#f6f7f9;--accent:#0b57d0;--ok:#146c2e;--warn:#8a4b00;--bad:#b3261e}
@media (prefers-color-scheme:dark){:root{--fg:#e4e4e9;--bg:#131417;--muted:#a9acb4;--line:#34373e;--card:#1c1e22;--accent:#8ab4f8;--ok:#80d69b;--warn:#f3b66d;--bad:#f2b8b5}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:52rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem;border-bottom:1px solid var(--line)}
header nav{font-size:.9rem;color:var(--muted)}
footer{margin-top:2rem;padding-bottom:2rem;border-top:1px solid var(--line);font-size:.85rem;color:var(--muted)}
h1{font-size:1.6rem;line-height:1.25;margin:.4rem 0 .6rem;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:1.8rem 0 .6rem}
h3{font-size:1.05rem;margin:0 0 .4rem}
a{color:var(--accent)}
code,.hash{font-family:ui-monospace,"SF Mono",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.88em;overflow-wrap:anywhere}
.hash{word-break:break-all}
ul.plain{list-style:none;padding:0}
ul.plain li{padding:.35rem 0;border-bottom:1px solid var(--line)}
.muted{color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.8rem 1rem;margin:.8rem 0}
.card>h2:first-child{margin-top:0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.5rem 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
@media (max-width:30rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4rem}}
.state{display:inline-block;font-size:.8rem;font-weight:600;padding:.05rem .5rem;border-radius:1rem;border:1px solid currentColor}
.state-published{color:var(--ok)}.state-rollout,.state-paused,.state-incremental{color:var(--warn)}.state-pulled{color:var(--bad)}
.changelog{white-space:pre-wrap;overflow-wrap:anywhere;margin:.5rem 0 0;padding-left:.8rem;border-left:3px solid var(--line)}
.download{font-weight:600}
pre.command{margin:.5rem 0;padding:.6rem .8rem;background:var(--bg);border:1px solid var(--line);border-radius:.4rem;white-space:pre-wrap;overflow-wrap:anywhere}
pre.command code{font-size:.85rem}
.copy code{display:block;padding:.4rem .6rem;background:var(--bg);border:1px solid var(--line);border-radius:.4rem;word-break:break-all;user-select:all}
figure.qr{margin:.5rem 0;max-width:16rem}
svg.qr{display:block;width:100%;height:auto;max-width:16rem}
figure.qr figcaption{font-size:.85rem;color:var(--muted)}
.latest{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:0 .8rem}
ol.sources{margin:0;padding-left:1.2rem}
ol.packages li{overflow-wrap:anywhere}
`;
