//! cargo build (wasm32) → wasm-bindgen (as a library, same version as Cargo.lock) → wasm-opt
//! (npm binaryen). The worker lands in `build/worker/`, the app in `dist/`.

use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use wasm_bindgen_cli_support::Bindgen;

use crate::{css, run};

const TARGET: &str = "wasm32-unknown-unknown";

pub fn all() -> Result<()> {
    worker()?;
    app()
}

/// Builds `package` for wasm32 (all its binaries); returns the release output folder.
fn cargo_wasm(package: &str, profile: &str) -> Result<PathBuf> {
    let root = harness::root();
    run(Command::new("cargo")
        .args([
            "build",
            "--profile",
            profile,
            "--target",
            TARGET,
            "-p",
            package,
        ])
        .current_dir(&root))?;
    Ok(root.join(format!("target/{TARGET}/{profile}")))
}

pub fn fresh_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    Ok(())
}

/// The Worker: wasm-bindgen's bundler output plus a small module that instantiates it the way
/// workerd imports wasm (as a compiled `WebAssembly.Module`), bundled by wrangler.
pub fn worker() -> Result<()> {
    let wasm = cargo_wasm("functions", "worker")?.join("functions.wasm");
    let out = harness::root().join("build/worker");
    fresh_dir(&out)?;
    Bindgen::new()
        .input_path(&wasm)
        .out_name("index")
        .bundler(true)?
        .typescript(false)
        .generate(&out)
        .context("wasm-bindgen (worker)")?;
    // The bundler glue re-instantiates the module after a trap (worker's panic recovery) but
    // leaves `wasmModule` and `__wbg_get_imports` undefined in that mode: supply them.
    let glue_path = out.join("index_bg.js");
    let mut glue = fs::read_to_string(&glue_path)?;
    if glue.contains("new WebAssembly.Instance(wasmModule, __wbg_get_imports())")
        && !glue.contains("let wasmModule")
    {
        glue.push_str(GLUE_RESET_SUPPORT);
    } else {
        glue.push_str("\nexport function __ztc_set_module(_m) {}\n");
    }
    let glue = promise_microtasks(&glue)?;
    fs::write(&glue_path, glue)?;
    fs::write(out.join("shim.mjs"), WORKER_SHIM)?;
    check_worker_size(&out)
}

/// wasm-bindgen's futures wake their tasks through the global `queueMicrotask`, which in workerd
/// costs a measurable share of a request (it wraps every callback for the async context; seen in
/// a CPU profile of the status lookup, `cargo xtask bench compare`). A resolved promise's `then`
/// queues the same microtask without that: the glue's one call is rewritten to it.
fn promise_microtasks(glue: &str) -> Result<String> {
    const CALL: &str = "    queueMicrotask(arg0);\n";
    let calls = glue.matches(CALL).count();
    anyhow::ensure!(
        calls == 1,
        "the worker glue calls queueMicrotask(arg0) {calls} times (expected once): has wasm-bindgen changed?"
    );
    Ok(glue.replace(CALL, "    __ztc_resolved.then(arg0);\n")
        + "\n// Added by `cargo xtask build` (see promise_microtasks).\nconst __ztc_resolved = Promise.resolve();\n")
}

const GLUE_RESET_SUPPORT: &str = r#"
// Added by `cargo xtask build`: what re-instantiation after a trap needs in bundler mode.
import * as __ztc_glue from "./index_bg.js";
let wasmModule;
function __wbg_get_imports() { return { "./index_bg.js": __ztc_glue }; }
export function __ztc_set_module(m) { wasmModule = m; }
"#;

const WORKER_SHIM: &str = r#"// Written by `cargo xtask build`: instantiates the Rust worker for workerd.
import * as glue from "./index_bg.js";
import module from "./index_bg.wasm";

glue.__ztc_set_module(module);
const instance = new WebAssembly.Instance(module, { "./index_bg.js": glue });
glue.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start?.();

// workers-rs reads `request.cf` into every Request it wraps, and workerd builds that object
// anew for each request on first read. Nothing here uses it, so it is shadowed before the Rust
// side sees the request (if the runtime ever refuses, requests simply go in as they are).
const NO_CF = { value: undefined };
let hideCf = true;

export default {
  fetch(request, env, ctx) {
    if (hideCf) {
      try {
        Object.defineProperty(request, "cf", NO_CF);
      } catch {
        hideCf = false;
      }
    }
    return glue.fetch(request, env, ctx);
  },
  scheduled: glue.scheduled,
};
"#;

/// The bundles of the app crate: the phone portal in three (`app`: home and following a case;
/// `report`; `guide`: policies, Q&A, fees) and the staff console. A page loads only the one
/// `public/boot.js` names for its path, so the console never adds to what a phone downloads.
pub const BUNDLES: [&str; 5] = ["app", "report", "guide", "rights", "console"];

/// The app: wasm-bindgen for the web, wasm-opt -Oz, minified glue, the static files, the part
/// of WeUI's stylesheet the app uses, and content hashes in the file names.
pub fn app() -> Result<()> {
    let root = harness::root();
    let release = cargo_wasm("app", "release")?;
    let dist = root.join("dist");
    fresh_dir(&dist)?;
    copy_tree(&root.join("public"), &dist)?;
    fill_texts(&dist.join("index.html"))?;
    notice_pages(&dist)?;
    // the texts, one file per bundle and language, fetched by the app (`app::boot`); served as
    // `.txt` so the asset upload labels them text/plain and the edge compresses them
    fs::create_dir_all(dist.join("locales"))?;
    for bundle in BUNDLES {
        // the console shows every label there is; a phone bundle only what it asks for
        let asks = match bundle {
            "console" => None,
            phone => Some(crate::texts::bundle_asks(&root, phone)?),
        };
        for tag in ["zh-CN", "en"] {
            let all = fs::read_to_string(root.join(format!("locales/{tag}.ftl")))?;
            let texts = crate::texts::phone_texts(&all, asks.as_ref());
            fs::write(dist.join(format!("locales/{bundle}.{tag}.txt")), texts)?;
        }
    }
    let pkg = dist.join("pkg");
    for bundle in BUNDLES {
        Bindgen::new()
            .input_path(release.join(format!("{bundle}.wasm")))
            .out_name(bundle)
            .web(true)?
            .typescript(false)
            .generate(&pkg)
            .with_context(|| format!("wasm-bindgen ({bundle})"))?;
        let bg = pkg.join(format!("{bundle}_bg.wasm"));
        run(Command::new(root.join("node_modules/.bin/wasm-opt"))
            .args([
                "-Oz",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-reference-types",
                "--enable-multivalue",
            ])
            .arg(&bg)
            .arg("-o")
            .arg(&bg))?;
        // wasm-bindgen's glue, minified (esbuild from npm): a few KB less on every first load.
        let js = pkg.join(format!("{bundle}.js"));
        run(Command::new(root.join("node_modules/.bin/esbuild"))
            .arg(&js)
            .args([
                "--minify",
                "--format=esm",
                "--log-level=warning",
                "--allow-overwrite",
            ])
            .arg(format!("--outfile={}", js.display())))?;
    }
    report_sizes(&pkg)?;
    stylesheets(&dist)?;
    fingerprint(&dist)?;
    Ok(())
}

/// `css/site.css`: the part of WeUI the app uses (see `css.rs`) followed by `app.css`, one
/// request instead of two.
fn stylesheets(dist: &Path) -> Result<()> {
    let root = harness::root();
    let weui = fs::read_to_string(root.join("node_modules/weui/dist/style/weui.min.css"))?;
    let mut sources = fs::read_to_string(root.join("public/index.html"))?;
    sources.push_str(&fs::read_to_string(root.join("public/privacy.html"))?);
    for file in rust_files(&root.join("app/src"))? {
        sources.push_str(&fs::read_to_string(file)?);
    }
    let css = dist.join("css");
    let app = fs::read_to_string(css.join("app.css"))?;
    let console = fs::read_to_string(css.join("console.css"))?;
    let own = format!("{app}{console}");
    let weui = css::subset(&weui, &css::words(&sources), &own);
    fs::write(css.join("site.css"), format!("{weui}\n{app}"))?;
    fs::remove_file(css.join("app.css"))?;
    Ok(())
}

fn rust_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(rust_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(out)
}

/// Every file under `pkg/`, `css/` and `locales/` gets its content's hash in its name, so it can be cached
/// for a year (`public/_headers`) and a new release is still fetched at once. `index.html` and
/// `boot.js` (never cached long) are rewritten to the new names.
fn fingerprint(dist: &Path) -> Result<()> {
    let mut renamed = Vec::new();
    for dir in ["pkg", "css", "locales"] {
        for entry in fs::read_dir(dist.join(dir))? {
            let path = entry?.path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let (stem, ext) = name.split_once('.').context("file without extension")?;
            let hash = domain::text::fnv1a(domain::text::FNV_OFFSET, fs::read(&path)?);
            let hashed = format!("{stem}.{:010x}.{ext}", hash >> 24);
            fs::rename(&path, dist.join(dir).join(&hashed))?;
            renamed.push((format!("/{dir}/{name}"), format!("/{dir}/{hashed}")));
        }
    }
    for page in NOTICE_PAGES
        .iter()
        .map(|(p, _)| *p)
        .chain(["index.html", "boot.js"])
    {
        let path = dist.join(page);
        let mut text = fs::read_to_string(&path)?;
        for (from, to) in &renamed {
            text = text.replace(&format!("\"{from}\""), &format!("\"{to}\""));
        }
        fs::write(path, text)?;
    }
    Ok(())
}

/// The static shell's `{{key}}` placeholders get their zh-CN texts from `locales/`.
fn fill_texts(html: &Path) -> Result<()> {
    let page = fs::read_to_string(html)?;
    fs::write(html, filled(&page, domain::Lang::ZhCn, &|_| None)?)?;
    Ok(())
}

/// `{{key}}` → the text in `lang`; `{{=name}}` → `own(name)`.
fn filled(page: &str, lang: domain::Lang, own: &dyn Fn(&str) -> Option<String>) -> Result<String> {
    let mut page = page.to_string();
    while let Some(start) = page.find("{{") {
        let end = page[start..].find("}}").context("unclosed {{ in a page")? + start;
        let key = page[start + 2..end].trim().to_string();
        let text = match key.strip_prefix('=') {
            Some(name) => own(name).with_context(|| format!("no value for {{{{={name}}}}}"))?,
            None => domain::i18n::t(lang, &key).to_string(),
        };
        page.replace_range(start..end + 2, &text);
    }
    Ok(page)
}

/// The full privacy notice, one static page per language (`/privacy`, `/privacy-en`).
const NOTICE_PAGES: [(&str, domain::Lang); 2] = [
    ("privacy.html", domain::Lang::ZhCn),
    ("privacy-en.html", domain::Lang::En),
];

/// Fills `privacy.html` in each language: the notice's texts, its version, and the retention
/// period as a span `notice.js` sets to the one in force (the default until it does).
fn notice_pages(dist: &Path) -> Result<()> {
    let template = fs::read_to_string(dist.join("privacy.html"))?;
    let years = format!(
        "<span class=\"years\">{}</span>",
        domain::privacy::RetentionYears::DEFAULT.get()
    );
    for (page, lang) in NOTICE_PAGES {
        let other = match lang {
            domain::Lang::ZhCn => ("/privacy-en", "English"),
            domain::Lang::En => ("/privacy", "中文"),
        };
        let own = |name: &str| match name {
            "lang" => Some(lang.tag().to_string()),
            "version" => Some(domain::consent::NoticeVersion::CURRENT.as_str().to_string()),
            "other-href" => Some(other.0.to_string()),
            "other-label" => Some(other.1.to_string()),
            _ => None,
        };
        let text = filled(&template, lang, &own)?.replace("{ $years }", &years);
        fs::write(dist.join(page), text)?;
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("read {}", from.display()))? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &dest)?;
        } else {
            fs::copy(entry.path(), dest)?;
        }
    }
    Ok(())
}

/// Prints what each bundle costs on the wire (brotli, via node's zlib): the portal's figure must
/// not move when only the console changes.
fn report_sizes(pkg: &Path) -> Result<()> {
    for bundle in BUNDLES {
        let files = [
            pkg.join(format!("{bundle}_bg.wasm")),
            pkg.join(format!("{bundle}.js")),
        ];
        let raw: u64 = files
            .iter()
            .map(|f| fs::metadata(f).map(|m| m.len()).unwrap_or(0))
            .sum();
        let brotli = compressed(&files, "brotliCompressSync")?;
        eprintln!(
            "bundle {bundle}: {} KB raw, {} KB brotli",
            raw / 1024,
            brotli / 1024
        );
    }
    Ok(())
}

/// The bytes of `files` compressed by node's zlib (`how`: `brotliCompressSync`, `gzipSync`).
fn compressed(files: &[PathBuf], how: &str) -> Result<u64> {
    let script = format!("let n=0;for(const f of process.argv.slice(1))n+=require('zlib').{how}(require('fs').readFileSync(f)).length;console.log(n)");
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .args(files)
        .output()?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse::<u64>()
        .with_context(|| format!("node zlib {how}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// Cloudflare's limit on a Worker's compressed size on the free plan (10 MB on paid plans).
const WORKER_LIMIT: u64 = 3 * 1000 * 1000;

/// The Worker as uploaded (gzip) must fit the free plan's limit: the triage model grows with
/// every training file, and a deploy refused for size would be found only at deploy.
fn check_worker_size(out: &Path) -> Result<()> {
    let files: Vec<PathBuf> = ["index_bg.wasm", "index_bg.js", "index.js", "shim.mjs"]
        .iter()
        .map(|f| out.join(f))
        .collect();
    let gzip = compressed(&files, "gzipSync")?;
    eprintln!(
        "worker: {} KB gzip (limit {} KB)",
        gzip / 1000,
        WORKER_LIMIT / 1000
    );
    if gzip > WORKER_LIMIT {
        bail!("the worker is {gzip} bytes gzip, over Cloudflare's {WORKER_LIMIT} (free plan)");
    }
    Ok(())
}

#[cfg(test)]
mod glue_tests {
    use super::promise_microtasks;

    #[test]
    fn the_one_queue_microtask_call_becomes_a_promise_then() {
        let glue = "export function __wbg_queueMicrotask_1(arg0) {\n    queueMicrotask(arg0);\n}\n";
        let out = promise_microtasks(glue).unwrap();
        assert!(!out.contains("    queueMicrotask(arg0);"));
        assert!(out.contains("    __ztc_resolved.then(arg0);\n"));
        assert!(out.contains("const __ztc_resolved = Promise.resolve();"));
    }

    #[test]
    fn a_glue_of_another_shape_stops_the_build() {
        assert!(promise_microtasks("export function f() {}\n").is_err());
        let twice = "    queueMicrotask(arg0);\n    queueMicrotask(arg0);\n";
        assert!(promise_microtasks(twice).is_err());
    }
}
