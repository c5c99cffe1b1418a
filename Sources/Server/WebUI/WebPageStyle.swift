/// The page's style sheet, inline (the page loads nothing else): system fonts, light and dark; on a
/// phone-wide screen the tables' rows stack (first cell on its own line, the others flowing after it,
/// named by their `data-label`), and anything still too wide scrolls inside its own box.
enum WebPageStyle {
    static let css = """
        :root{color-scheme:light dark;--fg:#1d2430;--muted:#5d6778;--line:#d8dde5;--bg:#fff;--panel:#f5f7fa;
        --ok:#1a7f37;--warn:#9a6700;--err:#cf222e;--info:#0969da}
        @media (prefers-color-scheme:dark){:root{--fg:#e6e9ee;--muted:#9aa4b2;--line:#3a4250;--bg:#15181d;--panel:#1d2127;
        --ok:#3fb950;--warn:#d29922;--err:#f85149;--info:#58a6ff}}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        header{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:baseline;padding:.6rem 1rem;border-bottom:1px solid var(--line);background:var(--panel)}
        header h1{font-size:1.2rem;margin:0}
        nav{display:flex;flex-wrap:wrap;gap:.8rem}
        a{color:var(--info)}
        main{padding:0 1rem 2rem;max-width:80rem}
        h2{font-size:1.1rem;margin:1.6rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
        h3{font-size:1rem;margin:1rem 0 .2rem}
        .count{color:var(--muted);font-weight:normal}
        .meta,.note,.empty{color:var(--muted);font-size:.87rem}
        .meta{margin:.1rem 0}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;margin:.3rem 0}
        th,td{text-align:left;vertical-align:top;padding:.35rem .5rem}
        th{font-size:.8rem;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line)}
        td{border-top:1px solid var(--line)}
        .error-row td,.alerts-row td{border-top:none;padding-top:0}
        .name{font-weight:600;margin-right:.3rem}
        code{font:.85rem ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-word}
        .expr{display:block;color:var(--muted);white-space:pre-wrap}
        .labels{display:inline-flex;flex-wrap:wrap;gap:.2rem;vertical-align:middle}
        .label{font:.78rem ui-monospace,monospace;background:var(--panel);border:1px solid var(--line);border-radius:3px;padding:0 .3rem;word-break:break-all}
        .kind{font-size:.75rem;color:var(--muted)}
        .state,.health,.badge,.outcome{font-size:.8rem;font-weight:600}
        .firing,.err,.health.err,.badge.err,.outcome.err{color:var(--err)}
        .pending,.silenced,.inhibited,.muted{color:var(--warn)}
        .health.ok,.outcome.ok,.notified,.active,.inactive{color:var(--ok)}
        .expired,.unknown,.resolved{color:var(--muted)}
        .error{color:var(--err);white-space:pre-wrap;word-break:break-word}
        ul.alerts{margin:.2rem 0;padding-left:1.1rem}
        dl.annotations{margin:.2rem 0 0;font-size:.85rem}
        dl.annotations dt{color:var(--muted);float:left;margin-right:.4rem}
        dl.annotations dd{margin:0}
        .silence-form{display:flex;flex-direction:column;gap:.4rem;max-width:40rem;padding:.6rem;background:var(--panel);border:1px solid var(--line);border-radius:4px}
        .silence-form label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted);flex:1}
        .silence-form .row{display:flex;gap:.5rem;flex-wrap:wrap}
        input{font:inherit;padding:.3rem .4rem;border:1px solid var(--line);border-radius:3px;background:var(--bg);color:var(--fg);width:100%}
        button{font:inherit;font-size:.85rem;padding:.25rem .7rem;border:1px solid var(--line);border-radius:3px;background:var(--bg);color:var(--fg);cursor:pointer}
        button:hover{border-color:var(--info)}
        #silence-create{align-self:flex-start}
        details{margin:.5rem 0}
        @media (max-width:40rem){thead{display:none}table,tbody,tr{display:block}
        tr{border-top:1px solid var(--line);padding:.35rem 0}
        td{display:inline-block;border:none;padding:.1rem .6rem .1rem 0}
        td:first-child,td[colspan]{display:block}
        td[data-label]::before{content:attr(data-label) " ";color:var(--muted);font-size:.8rem}
        tr.error-row,tr.alerts-row{border-top:none;padding-top:0}}
        summary{cursor:pointer;color:var(--muted)}
        """
}
