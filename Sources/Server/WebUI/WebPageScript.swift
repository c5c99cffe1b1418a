/// The page's only script, inline. It turns the silence form into `POST api/v2/silences` and each
/// Expire button into `DELETE api/v2/silence/{id}` (relative URLs, so the page also works behind a
/// proxy that serves Vigil under a path), shows the API's error text when it refuses, and reloads the
/// page when it accepts. A "Silence" button beside an alert copies its labels into the form.
///
/// The matchers are read as Alertmanager writes them: `name="value"` pairs with `=`, `!=`, `=~` or `!~`,
/// separated by commas, optionally inside braces; values Go-quoted or bare. What the syntax cannot
/// decide (a bad regular expression, a set that matches everything) is left to the API, whose message
/// is shown.
enum WebPageScript {
    static let javaScript = #"""
        "use strict";
        (function () {
          const form = document.getElementById("silence-form");
          const errorBox = document.getElementById("silence-error");

          function showError(text) {
            if (!errorBox) { alert(text); return; }
            errorBox.textContent = text;
            errorBox.hidden = false;
          }

          // The API answers errors as a JSON string, or go-swagger's {"code":…,"message":…}.
          async function refusal(response) {
            const body = await response.text();
            let message = body.trim();
            try {
              const parsed = JSON.parse(body);
              if (typeof parsed === "string") message = parsed;
              else if (parsed && typeof parsed.message === "string") message = parsed.message;
            } catch (e) { /* not JSON: show the text as it came */ }
            return "Vigil refused (HTTP " + response.status + "): " + (message || response.statusText);
          }

          function unquote(text, at) {
            // A Go double-quoted string starting at text[at] == '"'; returns [value, next index].
            let out = "";
            let i = at + 1;
            const simple = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", "\\": "\\", '"': '"', "'": "'" };
            while (i < text.length) {
              const c = text[i];
              if (c === '"') return [out, i + 1];
              if (c !== "\\") { out += c; i++; continue; }
              const e = text[i + 1];
              if (e in simple) { out += simple[e]; i += 2; continue; }
              const hex = { x: 2, u: 4, U: 8 }[e];
              if (hex) {
                const digits = text.substr(i + 2, hex);
                if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) throw new Error("bad escape \\" + e + " in a quoted value");
                out += String.fromCodePoint(parseInt(digits, 16));
                i += 2 + hex;
                continue;
              }
              if (/[0-7]/.test(e)) {
                const digits = text.substr(i + 1, 3);
                if (!/^[0-7]{3}$/.test(digits)) throw new Error("bad octal escape in a quoted value");
                out += String.fromCodePoint(parseInt(digits, 8));
                i += 4;
                continue;
              }
              throw new Error("unknown escape \\" + (e === undefined ? "" : e) + " in a quoted value");
            }
            throw new Error("a quoted value is not closed");
          }

          function parseMatchers(input) {
            let text = input.trim();
            if (text.startsWith("{") && text.endsWith("}")) text = text.slice(1, -1);
            const matchers = [];
            let i = 0;
            const skipSpace = () => { while (i < text.length && /\s/.test(text[i])) i++; };
            while (true) {
              skipSpace();
              if (i >= text.length) break;
              const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
              if (!name) throw new Error("expected a label name at \"" + text.slice(i, i + 20) + "\"");
              i += name[0].length;
              skipSpace();
              const op = /^(=~|!~|!=|=)/.exec(text.slice(i));
              if (!op) throw new Error("expected =, !=, =~ or !~ after " + name[0]);
              i += op[0].length;
              skipSpace();
              let value;
              if (text[i] === '"') {
                [value, i] = unquote(text, i);
              } else {
                const bare = /^[^,]*/.exec(text.slice(i))[0];
                value = bare.trim();
                i += bare.length;
              }
              matchers.push({ name: name[0], value: value, isRegex: op[0].includes("~"), isEqual: !op[0].startsWith("!") });
              skipSpace();
              if (i < text.length) {
                if (text[i] !== ",") throw new Error("expected a comma after the value of " + name[0]);
                i++;
              }
            }
            if (matchers.length === 0) throw new Error("give at least one matcher, such as alertname=\"DiskFilling\"");
            return matchers;
          }

          // Prometheus durations: 90m, 1h30m, 2d, 1w.
          function parseDuration(input) {
            const text = input.trim();
            const units = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000, y: 31536000000 };
            if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(text)) throw new Error("the duration \"" + text + "\" is not like 30m, 2h or 1d12h");
            let total = 0;
            for (const part of text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(part[1]) * units[part[2]];
            if (!(total > 0) || !Number.isFinite(total)) throw new Error("the duration must be more than zero");
            return total;
          }

          // Sends one change to the API with its button disabled meanwhile; the page reloads to show the
          // result, or says why the API refused it.
          async function submit(button, url, options) {
            button.disabled = true;
            try {
              const response = await fetch(url, options);
              if (!response.ok) { showError(await refusal(response)); return; }
              location.reload();
            } catch (e) {
              showError("The request failed: " + e.message);
            } finally {
              button.disabled = false;
            }
          }

          if (form) {
            form.addEventListener("submit", async function (event) {
              event.preventDefault();
              errorBox.hidden = true;
              let body;
              try {
                const start = new Date();
                body = {
                  matchers: parseMatchers(form.elements.matchers.value),
                  startsAt: start.toISOString(),
                  endsAt: new Date(start.getTime() + parseDuration(form.elements.duration.value)).toISOString(),
                  createdBy: form.elements.author.value,
                  comment: form.elements.comment.value
                };
              } catch (e) {
                showError(e.message);
                return;
              }
              await submit(document.getElementById("silence-create"), "api/v2/silences", {
                method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
              });
            });
          }

          for (const button of document.querySelectorAll("button.expire")) {
            button.addEventListener("click", async function () {
              await submit(button, "api/v2/silence/" + encodeURIComponent(button.dataset.silenceId), { method: "DELETE" });
            });
          }

          for (const button of document.querySelectorAll("button.silence-alert")) {
            button.addEventListener("click", function () {
              if (!form) return;
              form.elements.matchers.value = button.dataset.matchers;
              form.scrollIntoView();
              form.elements.author.focus();
            });
          }
        })();
        """#
}
