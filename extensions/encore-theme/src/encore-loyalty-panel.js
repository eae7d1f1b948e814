// Encore loyalty panel (loaded by encore-loyalty.js on the launcher's first open, after
// encore-shared.js). Renders GET /apps/encore/loyalty into the panel each time it opens: how the
// program works and a sign-up invitation for guests; balance, pending points, VIP tier with its
// perks and the progress to the next tier, the referral link, rewards with a
// Redeem button, codes with their apply link and a Cancel button, and recent history for a
// logged-in customer. The proxy knows the customer only from Shopify's signature. Every redeem
// click carries one request id, so a double click or a retry spends the points once.
window.EncoreLoyaltyPanel = (body, cfg) => {
  const { el, formatMoney, getJson } = window.EncoreShared;
  const t = cfg.strings;
  const fill = (text, values) => String(text).replace(/\[(\w+)\]/g, (_, k) => (values[k] == null ? "" : values[k]));
  const money = (cents) => formatMoney(cents, cfg.moneyFormat);
  const date = (iso) => new Date(iso).toLocaleDateString(cfg.locale || undefined, { day: "numeric", month: "short", year: "numeric" });
  const id = () => (crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));
  const heading = (text) => el("h3", { class: "encore-loyalty__h" }, [text]);
  const list = (items) => el("ul", { class: "encore-loyalty__list" }, items);
  const post = (path, data) =>
    fetch(`${cfg.proxy}/loyalty/${path}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(data),
    })
      .then((r) => r.json().then((b) => ({ ok: r.ok, b })))
      .catch(() => ({ ok: false, b: {} }));

  const how = (p) =>
    list([
      el("li", {}, [fill(t.howEarn, { points: p.pointsPerUnit, amount: money(100) })]),
      el("li", {}, [fill(t.howPending, { days: p.pendingDays })]),
      el("li", {}, [t.howRedeem]),
    ]);

  // The tier, its perks (earn multiplier, standing discount) and what is missing to the next one.
  const tiers = (g) => {
    const tier = g.tier;
    const next = g.next;
    const out = [];
    if (tier) {
      const perks = [];
      if (tier.multiplierPercent > 100) perks.push(fill(t.perkMultiplier, { multiplier: tier.multiplierPercent / 100 }));
      if (tier.discountPercent > 0) perks.push(fill(t.perkDiscount, { percent: tier.discountPercent }));
      out.push(el("p", { class: "encore-loyalty__tier" }, [el("strong", {}, [fill(t.tier, { tier: tier.name })])]));
      if (perks.length) out.push(list(perks.map((p) => el("li", {}, [p]))));
    }
    if (next) {
      const text = next.basis == "spent" ? fill(t.progressSpent, { amount: money(next.remaining), tier: next.name }) : fill(t.progressPoints, { points: next.remaining, tier: next.name });
      out.push(el("p", { class: "encore-loyalty__progress", "data-encore-loyalty-progress": true }, [text]), el("progress", { max: 100, value: g.percent, "aria-label": text }));
    }
    return out;
  };

  const act = (button, path, data) => {
    button.disabled = true;
    post(path, data).then(({ ok, b }) => {
      const r = b.redemption;
      refresh(ok ? (path == "redeem" ? fill(t.redeemed, { code: r.code }) : fill(t.cancelled, { points: r.points })) : b.message || t.error, !ok);
    });
  };

  const render = (data, note, failed) => {
    const p = data.program;
    const parts = [];
    if (note) parts.push(el("p", { class: "encore-loyalty__note" + (failed ? " encore-loyalty__note--error" : ""), role: failed ? "alert" : "status", tabindex: "-1" }, [note]));
    if (!p.enabled) return body.replaceChildren(el("p", {}, [t.off]));
    const c = data.customer;
    if (!c) {
      parts.push(heading(t.howTitle), how(p), el("p", {}, [t.join]));
      parts.push(el("p", { class: "encore-loyalty__actions" }, [el("a", { class: "encore-loyalty__button", href: cfg.registerUrl }, [t.signUp]), " ", el("a", { href: cfg.loginUrl }, [t.logIn])]));
    } else {
      parts.push(el("p", { class: "encore-loyalty__balance" }, [fill(t.balance, { points: c.available })]));
      if (c.pending > 0) parts.push(el("p", { class: "encore-loyalty__pending" }, [fill(t.pending, { points: c.pending, date: c.nextReleaseAt ? date(c.nextReleaseAt) : "" })]));
      if (c.tiers) parts.push(...tiers(c.tiers));
      parts.push(heading(t.rewards));
      parts.push(
        data.rewards.length
          ? list(
              data.rewards.map((r) => {
                const button = r.affordable && el("button", { type: "button", class: "encore-loyalty__button", "aria-label": fill(t.redeemLabel, { reward: r.name }) }, [t.redeem]);
                const request = id();
                if (button) button.addEventListener("click", () => act(button, "redeem", { rewardId: r.id, requestId: request }));
                return el("li", { class: "encore-loyalty__reward" }, [
                  el("span", {}, [el("strong", {}, [r.name]), el("br", {}), fill(t.cost, { points: r.pointsCost })]),
                  button || el("span", { class: "encore-loyalty__muted" }, [fill(t.needMore, { points: r.pointsCost - c.available })]),
                ]);
              }),
            )
          : el("p", {}, [t.noRewards]),
      );
      const ref = c.referral;
      if (ref) {
        const link = location.origin + ref.path;
        parts.push(heading(t.referTitle));
        parts.push(el("p", {}, [ref.friendCents > 0 ? fill(t.referBoth, { amount: money(ref.friendCents), points: ref.advocatePoints }) : fill(t.referAdvocate, { points: ref.advocatePoints })]));
        parts.push(el("input", { class: "encore-loyalty__referral", readonly: true, value: link, "aria-label": t.referLink, "data-encore-referral-link": true }));
      }
      const codes = c.redemptions.filter((r) => r.status == "issued");
      if (codes.length) {
        parts.push(heading(t.codes));
        parts.push(
          list(
            codes.map((r) => {
              const cancel = el("button", { type: "button", class: "encore-loyalty__link" }, [t.cancel]);
              cancel.addEventListener("click", () => act(cancel, "cancel", { redemptionId: r.id }));
              return el("li", { class: "encore-loyalty__code" }, [
                el("span", {}, [r.rewardName, el("br", {}), el("code", { "data-encore-loyalty-code": true }, [r.code])]),
                el("span", {}, [el("a", { href: r.applyPath }, [t.apply]), " ", cancel]),
              ]);
            }),
          ),
        );
      }
      if (c.history.length) {
        parts.push(heading(t.history));
        parts.push(
          list(
            c.history.map((h) =>
              el("li", { class: "encore-loyalty__entry" }, [
                el("span", {}, [(t.kinds[h.kind] || h.reason || h.kind) + " · " + date(h.at)]),
                el("span", {}, [(h.points > 0 ? "+" : "") + h.points]),
              ]),
            ),
          ),
        );
      }
    }
    body.replaceChildren(...parts);
    if (note) body.firstChild.focus();
  };

  const refresh = (note, failed) =>
    getJson(`${cfg.proxy}/loyalty`)
      .then((data) => render(data, note, failed))
      .catch(() => body.replaceChildren(el("p", { role: "alert" }, [t.error])));
  refresh();
};
