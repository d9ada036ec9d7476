// The people directory: every person of the database in memory, by id, Slack
// user id and Teams AAD id, so that finding who sent a command costs no query.
// Every command needs its Actor; with thousands of people a per-person cache
// reloads hundreds of entries a second, while the whole directory is four flat
// queries. Freshness follows organisationCache.ts: a write through this process
// is seen at the next lookup (which waits for the reload); a change made by
// another instance is seen within `ttlMs`, read in the background while the
// current directory keeps answering.
import type { Lang } from "../domain/lang.js";
import type { Actor, Role } from "../domain/organisation.js";
import type { Platform } from "../domain/platform.js";
import type { Prisma } from "./database.js";
import { organisationGeneration } from "./organisationCache.js";

/** A person as the directory holds them: an Actor whose language may be unset. */
interface Person extends Omit<Actor, "lang"> {
  lang: string | null;
}

interface People {
  /** by person id in lower case */
  byId: Map<string, Person>;
  bySlack: Map<string, Person>;
  byTeams: Map<string, Person>;
  /** the organisation generation it was read under, and when the reading started */
  generation: number;
  at: number;
}

export class PeopleDirectory {
  private current: People | undefined;
  private loading: { generation: number; people: Promise<People> } | undefined;
  private readonly ttlMs: number;

  constructor(
    private readonly prisma: Prisma,
    options: { ttlMs?: number } = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5_000;
  }

  /** The person behind a chat user (console: the person id); null when unknown or forgotten. */
  async actorForPlatform(platform: Platform, userId: string, defaultLang: Lang): Promise<Actor | null> {
    const people = await this.people();
    const index = platform === "console" ? people.byId : platform === "slack" ? people.bySlack : people.byTeams;
    // person ids are matched case-insensitively (the console's user id is the person id)
    const person = index.get(platform === "console" ? userId.toLowerCase() : userId);
    return person ? actorOf(person, defaultLang) : null;
  }

  /** Waits only when there is no directory yet, or this process changed the organisation since it was read. */
  private people(): Promise<People> {
    const current = this.current;
    if (!current || current.generation !== organisationGeneration()) return this.reload();
    // in the background, one at a time (see reload); a failed one is tried again at the next lookup
    if (Date.now() - current.at >= this.ttlMs) this.reload().catch(() => undefined);
    return Promise.resolve(current);
  }

  /** One reading per generation at a time; lookups under the same generation share it. */
  private reload(): Promise<People> {
    const generation = organisationGeneration();
    if (this.loading?.generation === generation) return this.loading.people;
    const loading = {
      generation,
      people: this.read(generation).finally(() => {
        if (this.loading === loading) this.loading = undefined;
      }),
    };
    this.loading = loading;
    return loading.people;
  }

  private async read(generation: number): Promise<People> {
    const at = Date.now();
    const [rows, roles, memberships, groupsLed] = await Promise.all([
      this.prisma.person.findMany({
        where: { forgottenAt: null },
        select: { id: true, name: true, lpoId: true, lang: true, slackUserId: true, teamsAadId: true },
      }),
      this.prisma.personRole.findMany({ orderBy: [{ personId: "asc" }, { role: "asc" }] }),
      this.prisma.groupMember.findMany({ orderBy: [{ personId: "asc" }, { groupId: "asc" }] }),
      this.prisma.group.findMany({
        where: { leadId: { not: null } },
        select: { id: true, leadId: true },
        orderBy: { id: "asc" },
      }),
    ]);
    const people: People = { byId: new Map(), bySlack: new Map(), byTeams: new Map(), generation, at };
    for (const { slackUserId, teamsAadId, ...row } of rows) {
      const person: Person = { ...row, roles: [], groupIds: [], leadsGroupIds: [] };
      people.byId.set(person.id.toLowerCase(), person);
      if (slackUserId !== null) people.bySlack.set(slackUserId, person);
      if (teamsAadId !== null) people.byTeams.set(teamsAadId, person);
    }
    for (const r of roles) people.byId.get(r.personId.toLowerCase())?.roles.push(r.role as Role);
    for (const m of memberships) people.byId.get(m.personId.toLowerCase())?.groupIds.push(m.groupId);
    for (const g of groupsLed) if (g.leadId !== null) people.byId.get(g.leadId.toLowerCase())?.leadsGroupIds.push(g.id);
    // read under an older generation than the current directory (a slow background refresh): drop it
    if (!this.current || generation >= this.current.generation) this.current = people;
    return people;
  }
}

function actorOf(p: Person, defaultLang: Lang): Actor {
  return {
    id: p.id,
    name: p.name,
    lpoId: p.lpoId,
    lang: p.lang === "en" || p.lang === "sv" ? p.lang : defaultLang,
    roles: [...p.roles],
    groupIds: [...p.groupIds],
    leadsGroupIds: [...p.leadsGroupIds],
  };
}
