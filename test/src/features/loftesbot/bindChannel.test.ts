// `/loftesbot koppla <grupp>` in a channel that is already bound: the binding
// moves only for someone who may bind the channel's current group too (its
// gruppchef, or an admin of its LPO), never across LPOs; a refusal says why
// and stores nothing; a move is audited with the group it came from.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestCore } from "../../../support/core.js";
import { translator } from "../../../../src/i18n/index.js";
import { as, openTwoLpoCore, PEOPLE, replyText } from "../../../security/fixtures.js";

describe("/loftesbot koppla in a channel that is already bound", () => {
  let core: TestCore;
  beforeAll(async () => {
    core = (await openTwoLpoCore())!;
  });
  afterAll(async () => {
    await core?.drop();
  });

  const bindings = () =>
    core.db.prisma.channelBinding.findMany({
      select: { platform: true, channelId: true, groupId: true },
      orderBy: [{ platform: "asc" }, { channelId: "asc" }],
    });
  const audits = () => core.db.prisma.auditEvent.findMany({ orderBy: [{ at: "asc" }, { id: "asc" }] });
  const boundTo = async (channelId: string) =>
    (await core.db.prisma.channelBinding.findFirst({ where: { platform: "slack", channelId } }))?.groupId;

  it("ig-1's gruppchef cannot take ig-2's channel: refused with the reason, nothing stored", async () => {
    expect(await boundTo("C0DEMOIG2")).toBe("ig-2");
    const [before, auditBefore] = [await bindings(), await audits()];
    const reply = await as(core, PEOPLE.gruppchef).sayInSlack("loftesbot koppla ig-1", "C0DEMOIG2");
    expect(replyText(reply)).toContain("redan kopplad till IG Turlag 2");
    expect(replyText(reply)).toContain("gruppchefen för IG Turlag 2");
    expect(await bindings()).toEqual(before);
    expect(await audits()).toEqual(auditBefore);
  });

  it("another LPO's admin cannot take a channel bound to a group of this LPO, and is not told its name", async () => {
    const [before, auditBefore] = [await bindings(), await audits()];
    const reply = await as(core, PEOPLE.svAdmin).sayInSlack("loftesbot koppla sv-ig-1", "C0DEMOIG2");
    expect(replyText(reply)).toContain("annat lokalpolisområde");
    expect(replyText(reply)).not.toContain("IG Turlag");
    expect(await bindings()).toEqual(before);
    expect(await audits()).toEqual(auditBefore);
  });

  it("this LPO's admin cannot take the other LPO's channel either", async () => {
    const [before, auditBefore] = [await bindings(), await audits()];
    const reply = await as(core, PEOPLE.admin).sayInSlack("loftesbot koppla ig-3", "C0SVIG1");
    expect(replyText(reply)).toContain("annat lokalpolisområde");
    expect(replyText(reply)).not.toContain("IG Södervik");
    expect(await bindings()).toEqual(before);
    expect(await audits()).toEqual(auditBefore);
  });

  it("says why in English too", () => {
    const t = translator("en");
    expect(t("bind.taken", { current: "IG Turlag 2" })).toContain("already bound to IG Turlag 2");
    expect(t("bind.otherLpo")).toContain("another local police area");
  });

  it("the admin of the same LPO moves it; the move is audited from the old group to the new", async () => {
    const reply = await as(core, PEOPLE.admin).sayInSlack("loftesbot koppla ig-3", "C0DEMOIG2");
    expect(replyText(reply)).toContain("kopplad till IG Turlag 3");
    expect(await boundTo("C0DEMOIG2")).toBe("ig-3");
    const moved = await core.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "channel.move" },
      orderBy: { at: "desc" },
    });
    expect(moved.actorId).toBe(PEOPLE.admin.id);
    expect(moved.subject).toBe("ig-3");
    expect(JSON.parse(moved.detail)).toEqual({ platform: "slack", channelId: "C0DEMOIG2", from: "ig-2", to: "ig-3" });
  });

  it("a gruppchef binds their group in a free channel, not in another group's", async () => {
    // ig-2's gruppchef takes C0DEMOIG1 from ig-1? No: he does not lead ig-1
    const refused = await as(core, PEOPLE.gruppchef2).sayInSlack("loftesbot koppla ig-2", "C0DEMOIG1");
    expect(replyText(refused)).toContain("redan kopplad till IG Turlag 1");
    expect(await boundTo("C0DEMOIG1")).toBe("ig-1");
    // ig-1's gruppchef binds ig-1 in a channel nobody holds (ig-1 leaves its old channel)
    const reply = await as(core, PEOPLE.gruppchef).sayInSlack("loftesbot koppla ig-1", "C0FREE1");
    expect(replyText(reply)).toContain("kopplad till IG Turlag 1");
    expect(await boundTo("C0FREE1")).toBe("ig-1");
  });

  it("the repository refuses a move when the channel's binding changed since the caller looked, or crosses LPOs", async () => {
    const before = await bindings();
    // the caller saw C0DEMOIG2 unbound, but it is bound to ig-3 now
    expect(await core.ctx.organisation.bindChannel("slack", "C0DEMOIG2", "ig-4", null)).toBe(false);
    // the caller saw ig-2 there, but it is ig-3 now
    expect(await core.ctx.organisation.bindChannel("slack", "C0DEMOIG2", "ig-4", "ig-2")).toBe(false);
    // a group of another LPO, even with the right "from"
    expect(await core.ctx.organisation.bindChannel("slack", "C0SVIG1", "ig-4", "sv-ig-1")).toBe(false);
    expect(await bindings()).toEqual(before);
  });
});
