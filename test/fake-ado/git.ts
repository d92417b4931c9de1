/**
 * A repository's commit graph: commits with parents, author and message, and branches pointing at commits.
 * The builder (model.ts) grows it as pull requests complete (squash: one commit on the branch tip; noFastForward: a
 * merge commit whose second parent is the pull request's last commit), as people push straight to a branch, as a
 * branch is fast-forwarded to another's tip, and as builds queue (a build's sourceVersion is its branch's tip).
 *
 * Deterministic: commit ids come from ids.ts; the order commits are added in is kept (`seq`) to break ties of dates.
 */
import type { FakeIdentity } from './model';

export interface FakeCommit {
  readonly id: string;
  /** First parent first (for a merge: the target branch's tip, then the merged branch's commit). */
  readonly parents: readonly string[];
  readonly author: FakeIdentity;
  readonly date: Date;
  /** The full commit message. */
  readonly comment: string;
  /** Who pushed it (author unless a pull request completion or a service pushed it). */
  readonly pusher: FakeIdentity;
  /** Order of creation in the repository. */
  readonly seq: number;
}

export const refName = (branch: string): string => (branch.startsWith('refs/') ? branch : `refs/heads/${branch}`);

export class FakeGitHistory {
  readonly commits = new Map<string, FakeCommit>();
  /** refs/heads/… → commit id. */
  readonly branches = new Map<string, string>();
  private seq = 0;

  /** Adds a commit (or returns the existing one with that id). */
  add(id: string, parents: readonly string[], author: FakeIdentity, date: Date, comment: string, pusher?: FakeIdentity): FakeCommit {
    const key = id.toLowerCase();
    const existing = this.commits.get(key);
    if (existing) return existing;
    const commit: FakeCommit = {
      id: key,
      parents: parents.map((p) => p.toLowerCase()).filter((p) => p !== key),
      author,
      date: new Date(date.getTime()),
      comment,
      pusher: pusher ?? author,
      seq: this.seq++,
    };
    this.commits.set(key, commit);
    return commit;
  }

  get(id: string): FakeCommit | undefined {
    return this.commits.get(id.toLowerCase());
  }

  tip(branch: string): string | undefined {
    return this.branches.get(refName(branch).toLowerCase());
  }

  setTip(branch: string, commit: string): void {
    this.branches.set(refName(branch).toLowerCase(), commit.toLowerCase());
  }

  /** Every commit reachable from `id` (itself included). */
  reachable(id: string | null | undefined): Set<string> {
    const seen = new Set<string>();
    if (!id) return seen;
    const stack = [id.toLowerCase()];
    while (stack.length) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      const commit = this.commits.get(c);
      if (!commit) continue;
      seen.add(c);
      for (const p of commit.parents) if (!seen.has(p)) stack.push(p);
    }
    return seen;
  }

  /** Whether `ancestor` is reachable from `descendant` (a commit is its own ancestor). */
  isAncestor(ancestor: string, descendant: string): boolean {
    return this.reachable(descendant).has(ancestor.toLowerCase());
  }

  /**
   * `git log from..to`: the commits reachable from `to` and not from `from`, newest first (by date, then by the
   * order they were made). Empty when `to` is reachable from `from` (the same commit, or a rollback).
   */
  range(from: string | null | undefined, to: string): FakeCommit[] {
    // git's walk: newest (highest seq: parents are always older) first, painting what `from` reaches, until only
    // commits `from` reaches are left to visit. It stops at the merge base instead of walking all history.
    const target = this.commits.get(to.toLowerCase());
    if (!target) return [];
    const base = from ? this.commits.get(from.toLowerCase()) : undefined;
    const state = new Map<string, number>(); // 1: reachable from `to` only, 2: reachable from `from`
    const heap = new CommitHeap();
    state.set(target.id, 1);
    heap.push(target);
    if (base) {
      state.set(base.id, 2);
      heap.push(base);
    }
    let pendingNew = 1;
    const out: FakeCommit[] = [];
    while (heap.size && pendingNew > 0) {
      const commit = heap.pop()!;
      const mark = state.get(commit.id)!;
      if (mark === 1) {
        pendingNew--;
        out.push(commit);
      }
      for (const p of commit.parents) {
        const parent = this.commits.get(p);
        if (!parent) continue;
        const seen = state.get(p);
        if (seen === undefined) {
          state.set(p, mark);
          if (mark === 1) pendingNew++;
          heap.push(parent);
        } else if (seen === 1 && mark === 2) {
          state.set(p, 2);
          pendingNew--;
        }
      }
    }
    return out.sort(newestFirst);
  }
}

/** A max-heap of commits by creation order. */
class CommitHeap {
  private readonly items: FakeCommit[] = [];
  get size(): number {
    return this.items.length;
  }
  push(c: FakeCommit): void {
    const a = this.items;
    a.push(c);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].seq >= a[i].seq) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): FakeCommit | undefined {
    const a = this.items;
    if (!a.length) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].seq > a[m].seq) m = l;
        if (r < a.length && a[r].seq > a[m].seq) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

export const newestFirst = (a: FakeCommit, b: FakeCommit): number => b.date.getTime() - a.date.getTime() || b.seq - a.seq;
