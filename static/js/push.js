/*
 * Reminders as notifications. The two switches are the account's (PATCH /me): turning one
 * on is the only moment the browser is asked for permission, and it also subscribes this
 * device (PushManager, with the server's key) and registers it (POST /push/subscriptions).
 * Each device is listed with a way to remove it. When this device cannot take part, the
 * state box says why and what to do: a browser without push, notifications blocked, a
 * server not set up for them, no connection.
 */
import { api } from "./lib/api.js";
import { el, toast } from "./lib/dom.js";
import { lang, t } from "./lib/i18n.js";
import { offlineText, online } from "./lib/online.js";

const SUBSCRIPTIONS = "/api/v1/push/subscriptions";
const OFFLINE = offlineText(t("Notifications need a connection to set up"));

const STATES = {
  checking: t("Checking whether this device can get notifications…"),
  unsupported: t("This browser cannot get notifications from FirstStep. On an iPhone or iPad, add FirstStep to your Home Screen first (Share › Add to Home Screen, iOS 16.4 or later) and open it from there. The calendar file below works everywhere."),
  denied: t("Notifications are blocked for FirstStep in this browser. To allow them, open the site’s settings (the icon left of the address, or App info › Notifications for the installed app), set Notifications to Allow, then turn a switch on again."),
  unset: t("Notifications are not set up on this server yet. The calendar file below works meanwhile."),
  offline: t("You are offline. Notifications need a connection to set up; try again when you are back."),
  on: t("This device gets your reminders."),
  off: t("This device does not get notifications. Turn on a switch above to start."),
  elsewhere: t("Your reminders go to the devices below, not to this one."),
};

const form = document.getElementById("reminders-form");
const switches = [...form.querySelectorAll("[data-push]")];
const stateBox = document.getElementById("push-state");
const problem = document.getElementById("push-error");
const list = document.getElementById("push-devices");
const noDevices = document.getElementById("no-push-devices");
const addButton = document.getElementById("push-add");
const nameInput = document.getElementById("device-name");
const MINE = `fs-push-device-${document.body.dataset.user}`;

const supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
const serverKey = document.getElementById("push-card").dataset.key; // "": no keys on this server
let devices = [];
let unreachable = false; // the last load found no connection

/** A name a person recognises in the list: "Chrome on Pixel 8", "Safari on iPhone". */
export function deviceName(agent) {
  const browsers = [[/Edg(e|A|iOS)?\//, "Edge"], [/OPR\/|Opera/, "Opera"],
    [/SamsungBrowser/, "Samsung Internet"], [/Firefox\/|FxiOS/, "Firefox"],
    [/Chrome\/|CriOS/, "Chrome"], [/Safari\//, "Safari"]];
  const systems = [[/iPhone/, "iPhone"], [/iPad/, "iPad"], [/Android/, "Android"],
    [/CrOS/, "ChromeOS"], [/Windows/, "Windows"], [/Macintosh|Mac OS X/, "Mac"], [/Linux/, "Linux"]];
  const find = (pairs) => (pairs.find(([pattern]) => pattern.test(agent)) || [])[1];
  let system = find(systems);
  const model = /Android [\d.]+; ([^;)]+)[;)]/.exec(agent)?.[1]?.trim();
  if (system === "Android" && model && model !== "K") system = model; // "K": a reduced agent string
  const browser = find(browsers);
  if (browser && system) return t("%(browser)s on %(system)s", { browser, system });
  return browser || system || t("This browser");
}

/** The server's key as the bytes PushManager.subscribe takes (base64url, no padding). */
function keyBytes(key) {
  const b64 = key.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (key.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

function sameKey(buffer, key) {
  if (!buffer) return false;
  const a = new Uint8Array(buffer);
  const b = keyBytes(key);
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function remembered() {
  try {
    return JSON.parse(localStorage.getItem(MINE) || "null");
  } catch {
    return null;
  }
}

async function localSubscription() {
  if (!supported) return null;
  const registration = await navigator.serviceWorker.getRegistration("/");
  return registration ? registration.pushManager.getSubscription() : null;
}

/** This device counts as subscribed when the browser holds a subscription and the server
 * lists the device this browser registered it as. */
async function thisDeviceOn() {
  const mine = remembered();
  if (!mine || !devices.some((d) => d.id === mine.id)) return false;
  const subscription = await localSubscription();
  return Boolean(subscription && subscription.endpoint === mine.endpoint);
}

function showState(state) {
  stateBox.dataset.state = state;
  stateBox.textContent = STATES[state];
}

function showProblem(message) {
  problem.textContent = message;
  problem.hidden = !message;
}

const day = (iso) => new Date(iso).toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric" });

function deviceRow(device, mine) {
  const name = device.device_name || t("Unnamed device");
  const seen = device.last_success_at
    ? t("last reminder %(day)s", { day: day(device.last_success_at) }) : t("no reminder yet");
  const label = el("div", {}, el("strong", { textContent: name }));
  if (mine) label.append(" ", el("span", { className: "this-device", textContent: t("(this device)") }));
  label.append(el("br"), el("span", { className: "muted", textContent: `${t("added %(day)s", { day: day(device.created_at) })} · ${seen}` }));
  const remove = el("button", { type: "button", className: "btn btn-small btn-danger-text" },
    t("Remove"), el("span", { className: "sr-only", textContent: ` ${name}` }));
  remove.dataset.remove = device.id;
  const row = el("li", {}, label, remove);
  row.dataset.device = device.id;
  return row;
}

async function render() {
  const on = await thisDeviceOn();
  const mine = remembered();
  list.replaceChildren(...devices.map((d) => deviceRow(d, on && mine.id === d.id)));
  noDevices.hidden = devices.length > 0;
  const wanted = switches.some((s) => s.checked);
  addButton.hidden = on || !wanted || !supported || serverKey === "" || Notification.permission === "denied";
  if (!supported) showState("unsupported");
  else if (Notification.permission === "denied") showState("denied");
  else if (serverKey === "") showState("unset");
  else if (unreachable) showState("offline");
  else if (on) showState("on");
  else showState(wanted && devices.length ? "elsewhere" : "off");
}

/** A browser may replace its subscription with one at a new address; the server, holding
 * the old one, would lose this device once the push service calls it gone. When this page
 * sees the change, the device is registered again at its new address, under its name. */
async function followRenewal() {
  const mine = remembered();
  const listed = mine && devices.find((d) => d.id === mine.id);
  if (!listed || !serverKey || Notification.permission !== "granted") return;
  const subscription = await localSubscription();
  if (!subscription || subscription.endpoint === mine.endpoint) return;
  const { endpoint, keys } = subscription.toJSON();
  const added = await online(problem, OFFLINE, "POST", SUBSCRIPTIONS, {
    endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth }, device_name: listed.device_name,
  });
  if (!added) return;
  localStorage.setItem(MINE, JSON.stringify({ id: added.data.id, endpoint }));
  devices = [...devices.filter((d) => d.id !== mine.id && d.id !== added.data.id), added.data];
  if (added.data.id !== mine.id) await online(problem, OFFLINE, "DELETE", `${SUBSCRIPTIONS}/${mine.id}`);
}

/** This account's devices; with no connection, the state box says so. */
async function load() {
  try {
    const listed = await api("GET", SUBSCRIPTIONS);
    unreachable = false;
    if (listed.ok) devices = listed.data;
    if (supported) await followRenewal();
  } catch {
    unreachable = true;
  }
  await render();
}

class Refusal extends Error {}

/** Ask, subscribe and register this device. The permission prompt comes before anything
 * awaited, while the tap that asked for it is fresh (Safari shows no prompt otherwise). */
async function addThisDevice() {
  if (!supported) throw new Refusal(STATES.unsupported);
  if (!serverKey) throw new Refusal(STATES.unset);
  if (!navigator.onLine) throw new Refusal(OFFLINE);
  const permission = await Notification.requestPermission();
  if (permission === "denied") throw new Refusal(STATES.denied);
  if (permission !== "granted") {
    throw new Refusal(t("Notifications were not allowed. Turn the switch on again and choose Allow."));
  }
  const registration = await navigator.serviceWorker.ready;
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, serverKey)) {
    await subscription.unsubscribe(); // made for an older key: the server could not use it
    subscription = null;
  }
  try {
    subscription ||= await registration.pushManager.subscribe({
      userVisibleOnly: true, applicationServerKey: keyBytes(serverKey),
    });
  } catch {
    throw new Refusal(t("This browser could not reach its notification service. Try again later, or use the calendar file below."));
  }
  const { endpoint, keys } = subscription.toJSON();
  const name = nameInput.value.trim() || deviceName(navigator.userAgent);
  const result = await online(problem, OFFLINE, "POST", SUBSCRIPTIONS, {
    endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth }, device_name: name,
  });
  if (!result) return false;
  localStorage.setItem(MINE, JSON.stringify({ id: result.data.id, endpoint }));
  devices = [...devices.filter((d) => d.id !== result.data.id), result.data];
  return true;
}

async function addSafely() {
  try {
    return await addThisDevice();
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    showProblem(error.message);
    return false;
  }
}

async function flip(box) {
  const on = box.checked;
  const timeName = box.dataset.push;
  showProblem("");
  switches.forEach((s) => { s.disabled = true; });
  try {
    if (on && !(await thisDeviceOn()) && !(await addSafely())) {
      box.checked = false;
      return;
    }
    const time = form.elements[timeName];
    const saved = await online(form, OFFLINE, "PATCH", "/api/v1/me", { [box.name]: on, [timeName]: time.value });
    if (!saved) {
      box.checked = !on;
      return;
    }
    time.defaultValue = time.value;
    const what = form.querySelector(`label[for="${time.id}"]`).textContent;
    toast(on ? t("%(what)s: notification on, at %(time)s.", { what, time: time.value })
      : t("%(what)s: notification off.", { what }));
  } finally {
    switches.forEach((s) => { s.disabled = false; });
    if (document.activeElement === document.body) box.focus(); // disabling it let go of focus
    await render();
  }
}

switches.forEach((box) => box.addEventListener("change", () => flip(box)));

addButton.addEventListener("click", async () => {
  showProblem("");
  addButton.disabled = true;
  try {
    if (await addSafely()) toast(t("This device gets your reminders now."));
  } finally {
    addButton.disabled = false;
    await render();
  }
});

list.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-remove]");
  if (!button) return;
  const id = button.dataset.remove;
  showProblem("");
  const mine = remembered();
  if (!(await online(problem, OFFLINE, "DELETE", `${SUBSCRIPTIONS}/${id}`))) return;
  devices = devices.filter((d) => String(d.id) !== id);
  if (mine && String(mine.id) === id) {
    localStorage.removeItem(MINE);
    const subscription = await localSubscription();
    if (subscription) await subscription.unsubscribe();
  }
  await render();
  document.getElementById("devices-title").focus(); // the button pressed is gone
  toast(t("Device removed: it gets no more reminders."));
});

window.addEventListener("online", load);
window.addEventListener("offline", () => { unreachable = true; render(); });
nameInput.value = deviceName(navigator.userAgent);
showState("checking");
load();
