/**
 * The portal's whole stylesheet (a few KB, inlined in every page with a CSP hash: one request per
 * page on a slow phone connection). Mobile first: one column; wider screens only get a wider column.
 * `--brand` is the branding's primary colour, set in front of it by the layout.
 */
export const PORTAL_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:16px/1.6 system-ui,-apple-system,Segoe UI,PingFang SC,Hiragino Sans GB,Microsoft YaHei,sans-serif;color:#1f2328;background:#f6f7f9}
a{color:var(--brand)}
.skip{position:absolute;left:-999px}
.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:2}
.top{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:10px 16px;background:#fff;border-bottom:3px solid var(--brand)}
.brand{display:flex;align-items:center;gap:8px;color:#1f2328;text-decoration:none;font-weight:600;min-width:0}
.brand img{height:32px;width:auto;max-width:120px}
.lang{display:flex;gap:10px;font-size:14px}
.lang a,.lang span{padding:6px 2px}
.lang span{font-weight:600}
main{max-width:720px;margin:0 auto;padding:16px}
h1{font-size:1.4rem;line-height:1.3;margin:.4em 0 .6em}
h2{font-size:1.1rem;margin:1.4em 0 .5em}
.card{background:#fff;border:1px solid #d8dde3;border-radius:10px;padding:16px;margin:0 0 16px}
.muted{color:#57606a;font-size:.9rem}
.state{display:inline-block;padding:2px 10px;border-radius:999px;background:var(--brand);color:#fff;font-weight:600}
dl.facts{display:grid;grid-template-columns:1fr;gap:2px 12px;margin:8px 0 0}
dl.facts dt{color:#57606a;font-size:.9rem}
dl.facts dd{margin:0 0 8px}
ol.thread{list-style:none;margin:0;padding:0}
ol.thread li{margin:0 0 12px;padding:10px 12px;border-radius:10px;background:#fff;border:1px solid #d8dde3;white-space:pre-wrap;overflow-wrap:anywhere}
ol.thread li.in{background:#eef4ff;margin-left:24px}
ol.thread li.out{margin-right:24px}
.who{display:block;font-size:.85rem;color:#57606a;white-space:normal}
label,.label{display:block;font-weight:600;margin:12px 0 4px}
textarea,input[type=text],input[type=email],input[type=tel],input[type=search],select{width:100%;font:inherit;padding:10px;border:1px solid #8c959f;border-radius:8px;background:#fff}
textarea{min-height:120px}
input[type=file]{font:inherit;max-width:100%}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:12px 20px;border:0;border-radius:8px;background:var(--brand);color:#fff;text-decoration:none;cursor:pointer;min-height:44px}
button:focus-visible,a:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
fieldset{border:0;margin:0;padding:0}
legend{font-weight:600;margin:0 0 8px}
.scale{display:grid;grid-template-columns:1fr;gap:8px}
.scale label{display:flex;align-items:center;gap:10px;margin:0;font-weight:400;padding:10px 12px;border:1px solid #8c959f;border-radius:8px;background:#fff}
.scale input{width:20px;height:20px}
.scale.nps{grid-template-columns:repeat(4,1fr)}.scale.nps label{flex-direction:column;justify-content:center;padding:8px 4px;gap:4px}.nps-ends{display:flex;justify-content:space-between;gap:8px;font-size:14px}
.notice{border-left:4px solid var(--brand);background:#fff;padding:12px 14px;border-radius:6px;margin:0 0 16px}
.error{border-left-color:#b42318;color:#7a271a}
.errors{color:#b42318;font-weight:600}
ul.articles,ul.topics{list-style:none;margin:0 0 16px;padding:0}
ul.articles li{background:#fff;border:1px solid #d8dde3;border-radius:10px;padding:12px 14px;margin:0 0 8px}
ul.articles a{display:block;font-weight:600}
ul.articles .muted{display:block;margin-top:2px}
ul.topics li{padding:8px 0;border-bottom:1px solid #d8dde3}
ul.topics a{display:inline-block;min-height:24px}
form.search{margin:0 0 16px}
form.search button{margin-top:12px}
.crumbs{font-size:.9rem;margin:0}
.kb .text{white-space:pre-line;overflow-wrap:anywhere}
.solution{overflow-wrap:anywhere}
.solution img{max-width:100%;height:auto}
.vote{display:flex;flex-wrap:wrap;gap:8px}
button.secondary,.button.secondary{background:#fff;color:var(--brand);border:2px solid var(--brand)}
.pager{display:flex;justify-content:space-between;gap:8px;margin:16px 0}
footer{max-width:720px;margin:24px auto;padding:0 16px 24px;color:#57606a;font-size:.85rem}
footer details{margin-top:8px}
@media (min-width:720px){body{font-size:17px}main{padding:24px}dl.facts{grid-template-columns:max-content 1fr}dl.facts dd{margin:0}.scale{grid-template-columns:repeat(5,1fr)}.scale.nps{grid-template-columns:repeat(11,1fr)}.scale label{flex-direction:column;text-align:center}}
`.trim();
