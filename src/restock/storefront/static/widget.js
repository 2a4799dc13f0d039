// <restock-notify>: a "Notify me when available" form for a storefront's product page.
// Attributes: variant-id, publishable-key, api-url (required); sales-channel-id, locale,
// email (prefill) and customer-token (optional). Style it with the --restock-* custom
// properties and the parts named below.

const STRINGS = {
  en: {
    open: "Notify me when available",
    email: "Email",
    submit: "Notify me",
    done: "We'll email you when it's back",
    invalid: "Enter a valid email address.",
    gone: "This item can no longer be followed.",
    busy: (s) => `Too many requests. Try again in ${s} seconds.`,
    offline: "Could not reach the shop. Check your connection and try again.",
    failed: "Something went wrong. Try again later.",
  },
  de: {
    open: "Benachrichtigen, wenn verfügbar",
    email: "E-Mail",
    submit: "Benachrichtigen",
    done: "Wir schreiben Ihnen, sobald der Artikel wieder da ist",
    invalid: "Geben Sie eine gültige E-Mail-Adresse ein.",
    gone: "Dieser Artikel kann nicht mehr vorgemerkt werden.",
    busy: (s) => `Zu viele Anfragen. Versuchen Sie es in ${s} Sekunden erneut.`,
    offline: "Der Shop ist nicht erreichbar. Prüfen Sie Ihre Verbindung.",
    failed: "Etwas ist schiefgelaufen. Versuchen Sie es später erneut.",
  },
  fr: {
    open: "Me prévenir du retour en stock",
    email: "E-mail",
    submit: "Me prévenir",
    done: "Nous vous écrirons dès son retour",
    invalid: "Saisissez une adresse e-mail valide.",
    gone: "Cet article ne peut plus être suivi.",
    busy: (s) => `Trop de demandes. Réessayez dans ${s} secondes.`,
    offline: "Impossible de joindre la boutique. Vérifiez votre connexion.",
    failed: "Une erreur est survenue. Réessayez plus tard.",
  },
};

const STYLE = `
:host { display: block; font: var(--restock-font, inherit); color: var(--restock-text, inherit); }
:host([hidden]), [hidden] { display: none !important; }
button { font: inherit; cursor: pointer; padding: .55em 1.1em;
  border-radius: var(--restock-radius, 6px); border: 1px solid var(--restock-accent, #1f5fd1);
  background: var(--restock-accent, #1f5fd1); color: var(--restock-accent-text, #fff); }
button:focus-visible, input:focus-visible { outline: 3px solid var(--restock-focus, #f2a900);
  outline-offset: 2px; }
form { display: flex; flex-wrap: wrap; gap: .5em; align-items: end; margin-top: .5em; }
label { display: flex; flex-direction: column; gap: .25em; }
input { font: inherit; padding: .5em; border: 1px solid var(--restock-border, #888);
  border-radius: var(--restock-radius, 6px); min-width: 16em; }
input[aria-invalid="true"] { border-color: var(--restock-error, #b00020); }
[part~="error"] { color: var(--restock-error, #b00020); flex-basis: 100%; margin: 0; }
[part~="status"] { margin: .5em 0 0; }
`;

let SHEET = null;

function strings(locale) {
  const wanted = [locale, ...(navigator.languages || [navigator.language])].filter(Boolean);
  for (const tag of wanted) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (STRINGS[base]) return STRINGS[base];
  }
  return STRINGS.en;
}

class RestockNotify extends HTMLElement {
  static observedAttributes = ["variant-id", "sales-channel-id", "publishable-key", "api-url"];

  connectedCallback() {
    if (!this.shadowRoot) this.attachShadow({ mode: "open" });
    this.check();
  }

  attributeChangedCallback(_name, before, after) {
    if (this.shadowRoot && before !== after) this.check();
  }

  get api() {
    return (this.getAttribute("api-url") || "").replace(/\/+$/, "");
  }

  headers(json) {
    const headers = { "x-publishable-api-key": this.getAttribute("publishable-key") || "" };
    const token = this.getAttribute("customer-token");
    if (token) headers.authorization = `Bearer ${token}`;
    if (json) {
      headers["content-type"] = "application/json";
      headers["x-restock-client"] = "widget"; // the consent record says where it was asked
    }
    return headers;
  }

  async check() {
    const variant = this.getAttribute("variant-id");
    this.shadowRoot.replaceChildren();
    if (!variant) return;
    const query = new URLSearchParams();
    const channel = this.getAttribute("sales-channel-id");
    if (channel) query.set("sales_channel_id", channel);
    const url = `${this.api}/store/restock-availability/${encodeURIComponent(variant)}?${query}`;
    try {
      const answer = await fetch(url, { headers: this.headers(false) });
      if (!answer.ok) return; // unknown variant, wrong key: a storefront shows no form
      const { restock_availability: stock } = await answer.json();
      if (!stock.in_stock && variant === this.getAttribute("variant-id")) this.render();
    } catch {
      // The service is unreachable: show nothing rather than a form that cannot work.
    }
  }

  render() {
    const t = (this.t = strings(this.getAttribute("locale")));
    const root = this.shadowRoot;
    // A constructed style sheet, not a <style> element: pages with a strict
    // Content-Security-Policy (no inline styles) show the widget styled all the same.
    if (!SHEET) {
      SHEET = new CSSStyleSheet();
      SHEET.replaceSync(STYLE);
    }
    root.adoptedStyleSheets = [SHEET];
    root.innerHTML = `<div part="container">
  <button part="button open" type="button" aria-expanded="false" aria-controls="form"></button>
  <form part="form" id="form" hidden novalidate>
    <label part="label"><span></span>
      <input part="input" name="email" type="email" autocomplete="email" required
        aria-describedby="error">
    </label>
    <button part="button submit" type="submit"></button>
    <p part="error" id="error" hidden></p>
  </form>
  <p part="status" role="status" aria-live="polite" tabindex="-1"></p>
</div>`;
    const open = root.querySelector('[part~="open"]');
    const form = root.querySelector("form");
    const input = form.querySelector("input");
    open.textContent = t.open;
    form.querySelector("label span").textContent = t.email;
    form.querySelector('[part~="submit"]').textContent = t.submit;
    input.value = this.getAttribute("email") || "";
    open.addEventListener("click", () => {
      open.hidden = true;
      open.setAttribute("aria-expanded", "true");
      form.hidden = false;
      input.focus();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit(form, input);
    });
  }

  showError(input, message) {
    const error = this.shadowRoot.getElementById("error");
    error.textContent = message;
    error.hidden = !message;
    input.setAttribute("aria-invalid", message ? "true" : "false");
    if (message) input.focus();
  }

  async submit(form, input) {
    const t = this.t;
    const email = input.value.trim();
    if (!email || !input.checkValidity()) return this.showError(input, t.invalid);
    const submit = form.querySelector('[part~="submit"]');
    submit.disabled = true;
    const body = { variant_id: this.getAttribute("variant-id"), email };
    const channel = this.getAttribute("sales-channel-id");
    if (channel) body.sales_channel_id = channel;
    const locale = this.getAttribute("locale");
    if (locale) body.locale = locale; // the emails' language too
    let answer;
    try {
      answer = await fetch(`${this.api}/store/restock-subscriptions`, {
        method: "POST",
        headers: this.headers(true),
        body: JSON.stringify(body),
      });
    } catch {
      submit.disabled = false;
      return this.showError(input, t.offline);
    }
    submit.disabled = false;
    if (answer.status === 201) {
      this.showError(input, "");
      form.hidden = true;
      const status = this.shadowRoot.querySelector('[part~="status"]');
      status.textContent = t.done;
      status.focus();
      this.dispatchEvent(new CustomEvent("restock-subscribed", { bubbles: true, composed: true }));
      return;
    }
    if (answer.status === 429) {
      const seconds = Number.parseInt(answer.headers.get("retry-after") || "60", 10);
      return this.showError(input, t.busy(Number.isFinite(seconds) ? seconds : 60));
    }
    if (answer.status === 400) {
      const { message = "" } = await answer.json().catch(() => ({}));
      return this.showError(input, /email|address/i.test(message) ? t.invalid : t.failed);
    }
    if (answer.status === 404) return this.showError(input, t.gone);
    return this.showError(input, t.failed);
  }
}

if (!customElements.get("restock-notify")) customElements.define("restock-notify", RestockNotify);
