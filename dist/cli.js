#!/usr/bin/env node
import { readFileSync, readdirSync, mkdirSync, writeFileSync, renameSync, statSync, existsSync, rmdirSync, readlinkSync, openSync, constants as constants$1, readSync, closeSync } from 'node:fs';
import require$$0 from 'process';
import require$$0$1 from 'buffer';
import { parseArgs as parseArgs$1, stripVTControlCharacters } from 'node:util';
import { join, dirname, resolve as resolve$1, basename, normalize, sep } from 'node:path';
import { hostname, totalmem } from 'node:os';
import { spawn, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, readFile, mkdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

var name = "oom-gate";
var version$1 = "0.1.0";
var description = "Keeps GPU out-of-memory failures out of ML repositories: measures the peak memory of smoke fine-tunes on pull requests and fails the check when a config would not fit the target card.";
var license = "MIT";
var type = "module";
var engines = {
	node: ">=20"
};
var bin = {
	"oom-gate": "dist/cli.js"
};
var files = [
	"dist",
	"action.yml"
];
var scripts = {
	build: "tsc --noEmit",
	bundle: "npm run format:write && node --import tsx node_modules/rollup/dist/bin/rollup --config rollup.config.ts",
	demo: "node --import tsx scripts/demo.ts",
	pretest: "node --import tsx scripts/testPrerequisites.ts",
	test: "vitest run",
	lint: "eslint . && prettier --check .",
	"format:write": "prettier --write --log-level warn .",
	bench: "node --import tsx bench/index.ts",
	"local-action": "local-action run . src/main.ts ${OOM_GATE_ENV_FILE:-.env.example}",
	all: "npm run build && npm run lint && npm test && npm run bundle"
};
var dependencies = {
	"@actions/core": "^3.0.1",
	"@actions/github": "^9.1.1",
	"@octokit/plugin-retry": "^8.1.1",
	"@octokit/plugin-throttling": "^11.0.5",
	"badge-maker": "^6.0.0",
	picomatch: "^4.0.7",
	yaml: "^2.9.1",
	zod: "^4.6.7"
};
var devDependencies = {
	"@eslint/js": "^9.39.5",
	"@github/local-action": "^7.0.1",
	"@octokit/openapi": "^23.0.2",
	"@octokit/webhooks-examples": "^7.6.1",
	"@rollup/plugin-commonjs": "^29.0.3",
	"@rollup/plugin-json": "^6.1.0",
	"@rollup/plugin-node-resolve": "^16.0.3",
	"@rollup/plugin-typescript": "^12.3.1",
	"@types/node": "^24.19.4",
	"@types/picomatch": "^4.0.3",
	eslint: "^9.39.5",
	"eslint-config-prettier": "^10.1.8",
	globals: "^17.14.0",
	"playwright-core": "^1.65.1",
	prettier: "^3.10.1",
	rollup: "^4.68.8",
	tslib: "^2.9.1",
	tsx: "^4.23.15",
	typescript: "~5.9.3",
	"typescript-eslint": "^8.74.0",
	vitest: "^4.1.12"
};
var packageJson = {
	name: name,
	version: version$1,
	description: description,
	license: license,
	type: type,
	engines: engines,
	bin: bin,
	files: files,
	scripts: scripts,
	dependencies: dependencies,
	devDependencies: devDependencies
};

function getDefaultExportFromCjs (x) {
	return x && x.__esModule && Object.prototype.hasOwnProperty.call(x, 'default') ? x['default'] : x;
}

var dist = {};

var composer = {};

var directives = {};

var identity = {};

var hasRequiredIdentity;

function requireIdentity () {
	if (hasRequiredIdentity) return identity;
	hasRequiredIdentity = 1;

	const ALIAS = Symbol.for('yaml.alias');
	const DOC = Symbol.for('yaml.document');
	const MAP = Symbol.for('yaml.map');
	const PAIR = Symbol.for('yaml.pair');
	const SCALAR = Symbol.for('yaml.scalar');
	const SEQ = Symbol.for('yaml.seq');
	const NODE_TYPE = Symbol.for('yaml.node.type');
	const isAlias = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === ALIAS;
	const isDocument = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === DOC;
	const isMap = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === MAP;
	const isPair = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === PAIR;
	const isScalar = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SCALAR;
	const isSeq = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SEQ;
	function isCollection(node) {
	    if (node && typeof node === 'object')
	        switch (node[NODE_TYPE]) {
	            case MAP:
	            case SEQ:
	                return true;
	        }
	    return false;
	}
	function isNode(node) {
	    if (node && typeof node === 'object')
	        switch (node[NODE_TYPE]) {
	            case ALIAS:
	            case MAP:
	            case SCALAR:
	            case SEQ:
	                return true;
	        }
	    return false;
	}
	const hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;

	identity.ALIAS = ALIAS;
	identity.DOC = DOC;
	identity.MAP = MAP;
	identity.NODE_TYPE = NODE_TYPE;
	identity.PAIR = PAIR;
	identity.SCALAR = SCALAR;
	identity.SEQ = SEQ;
	identity.hasAnchor = hasAnchor;
	identity.isAlias = isAlias;
	identity.isCollection = isCollection;
	identity.isDocument = isDocument;
	identity.isMap = isMap;
	identity.isNode = isNode;
	identity.isPair = isPair;
	identity.isScalar = isScalar;
	identity.isSeq = isSeq;
	return identity;
}

var visit = {};

var hasRequiredVisit;

function requireVisit () {
	if (hasRequiredVisit) return visit;
	hasRequiredVisit = 1;

	var identity = requireIdentity();

	const BREAK = Symbol('break visit');
	const SKIP = Symbol('skip children');
	const REMOVE = Symbol('remove node');
	/**
	 * Apply a visitor to an AST node or document.
	 *
	 * Walks through the tree (depth-first) starting from `node`, calling a
	 * `visitor` function with three arguments:
	 *   - `key`: For sequence values and map `Pair`, the node's index in the
	 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
	 *     `null` for the root node.
	 *   - `node`: The current node.
	 *   - `path`: The ancestry of the current node.
	 *
	 * The return value of the visitor may be used to control the traversal:
	 *   - `undefined` (default): Do nothing and continue
	 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
	 *     sibling
	 *   - `visit.BREAK`: Terminate traversal completely
	 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
	 *   - `Node`: Replace the current node, then continue by visiting it
	 *   - `number`: While iterating the items of a sequence or map, set the index
	 *     of the next step. This is useful especially if the index of the current
	 *     node has changed.
	 *
	 * If `visitor` is a single function, it will be called with all values
	 * encountered in the tree, including e.g. `null` values. Alternatively,
	 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
	 * `Alias` and `Scalar` node. To define the same visitor function for more than
	 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
	 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
	 * specific defined one will be used for each node.
	 */
	function visit$1(node, visitor) {
	    const visitor_ = initVisitor(visitor);
	    if (identity.isDocument(node)) {
	        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
	        if (cd === REMOVE)
	            node.contents = null;
	    }
	    else
	        visit_(null, node, visitor_, Object.freeze([]));
	}
	// Without the `as symbol` casts, TS declares these in the `visit`
	// namespace using `var`, but then complains about that because
	// `unique symbol` must be `const`.
	/** Terminate visit traversal completely */
	visit$1.BREAK = BREAK;
	/** Do not visit the children of the current node */
	visit$1.SKIP = SKIP;
	/** Remove the current node */
	visit$1.REMOVE = REMOVE;
	function visit_(key, node, visitor, path) {
	    const ctrl = callVisitor(key, node, visitor, path);
	    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
	        replaceNode(key, path, ctrl);
	        return visit_(key, ctrl, visitor, path);
	    }
	    if (typeof ctrl !== 'symbol') {
	        if (identity.isCollection(node)) {
	            path = Object.freeze(path.concat(node));
	            for (let i = 0; i < node.items.length; ++i) {
	                const ci = visit_(i, node.items[i], visitor, path);
	                if (typeof ci === 'number')
	                    i = ci - 1;
	                else if (ci === BREAK)
	                    return BREAK;
	                else if (ci === REMOVE) {
	                    node.items.splice(i, 1);
	                    i -= 1;
	                }
	            }
	        }
	        else if (identity.isPair(node)) {
	            path = Object.freeze(path.concat(node));
	            const ck = visit_('key', node.key, visitor, path);
	            if (ck === BREAK)
	                return BREAK;
	            else if (ck === REMOVE)
	                node.key = null;
	            const cv = visit_('value', node.value, visitor, path);
	            if (cv === BREAK)
	                return BREAK;
	            else if (cv === REMOVE)
	                node.value = null;
	        }
	    }
	    return ctrl;
	}
	/**
	 * Apply an async visitor to an AST node or document.
	 *
	 * Walks through the tree (depth-first) starting from `node`, calling a
	 * `visitor` function with three arguments:
	 *   - `key`: For sequence values and map `Pair`, the node's index in the
	 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
	 *     `null` for the root node.
	 *   - `node`: The current node.
	 *   - `path`: The ancestry of the current node.
	 *
	 * The return value of the visitor may be used to control the traversal:
	 *   - `Promise`: Must resolve to one of the following values
	 *   - `undefined` (default): Do nothing and continue
	 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
	 *     sibling
	 *   - `visit.BREAK`: Terminate traversal completely
	 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
	 *   - `Node`: Replace the current node, then continue by visiting it
	 *   - `number`: While iterating the items of a sequence or map, set the index
	 *     of the next step. This is useful especially if the index of the current
	 *     node has changed.
	 *
	 * If `visitor` is a single function, it will be called with all values
	 * encountered in the tree, including e.g. `null` values. Alternatively,
	 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
	 * `Alias` and `Scalar` node. To define the same visitor function for more than
	 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
	 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
	 * specific defined one will be used for each node.
	 */
	async function visitAsync(node, visitor) {
	    const visitor_ = initVisitor(visitor);
	    if (identity.isDocument(node)) {
	        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
	        if (cd === REMOVE)
	            node.contents = null;
	    }
	    else
	        await visitAsync_(null, node, visitor_, Object.freeze([]));
	}
	// Without the `as symbol` casts, TS declares these in the `visit`
	// namespace using `var`, but then complains about that because
	// `unique symbol` must be `const`.
	/** Terminate visit traversal completely */
	visitAsync.BREAK = BREAK;
	/** Do not visit the children of the current node */
	visitAsync.SKIP = SKIP;
	/** Remove the current node */
	visitAsync.REMOVE = REMOVE;
	async function visitAsync_(key, node, visitor, path) {
	    const ctrl = await callVisitor(key, node, visitor, path);
	    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
	        replaceNode(key, path, ctrl);
	        return visitAsync_(key, ctrl, visitor, path);
	    }
	    if (typeof ctrl !== 'symbol') {
	        if (identity.isCollection(node)) {
	            path = Object.freeze(path.concat(node));
	            for (let i = 0; i < node.items.length; ++i) {
	                const ci = await visitAsync_(i, node.items[i], visitor, path);
	                if (typeof ci === 'number')
	                    i = ci - 1;
	                else if (ci === BREAK)
	                    return BREAK;
	                else if (ci === REMOVE) {
	                    node.items.splice(i, 1);
	                    i -= 1;
	                }
	            }
	        }
	        else if (identity.isPair(node)) {
	            path = Object.freeze(path.concat(node));
	            const ck = await visitAsync_('key', node.key, visitor, path);
	            if (ck === BREAK)
	                return BREAK;
	            else if (ck === REMOVE)
	                node.key = null;
	            const cv = await visitAsync_('value', node.value, visitor, path);
	            if (cv === BREAK)
	                return BREAK;
	            else if (cv === REMOVE)
	                node.value = null;
	        }
	    }
	    return ctrl;
	}
	function initVisitor(visitor) {
	    if (typeof visitor === 'object' &&
	        (visitor.Collection || visitor.Node || visitor.Value)) {
	        return Object.assign({
	            Alias: visitor.Node,
	            Map: visitor.Node,
	            Scalar: visitor.Node,
	            Seq: visitor.Node
	        }, visitor.Value && {
	            Map: visitor.Value,
	            Scalar: visitor.Value,
	            Seq: visitor.Value
	        }, visitor.Collection && {
	            Map: visitor.Collection,
	            Seq: visitor.Collection
	        }, visitor);
	    }
	    return visitor;
	}
	function callVisitor(key, node, visitor, path) {
	    if (typeof visitor === 'function')
	        return visitor(key, node, path);
	    if (identity.isMap(node))
	        return visitor.Map?.(key, node, path);
	    if (identity.isSeq(node))
	        return visitor.Seq?.(key, node, path);
	    if (identity.isPair(node))
	        return visitor.Pair?.(key, node, path);
	    if (identity.isScalar(node))
	        return visitor.Scalar?.(key, node, path);
	    if (identity.isAlias(node))
	        return visitor.Alias?.(key, node, path);
	    return undefined;
	}
	function replaceNode(key, path, node) {
	    const parent = path[path.length - 1];
	    if (identity.isCollection(parent)) {
	        parent.items[key] = node;
	    }
	    else if (identity.isPair(parent)) {
	        if (key === 'key')
	            parent.key = node;
	        else
	            parent.value = node;
	    }
	    else if (identity.isDocument(parent)) {
	        parent.contents = node;
	    }
	    else {
	        const pt = identity.isAlias(parent) ? 'alias' : 'scalar';
	        throw new Error(`Cannot replace node with ${pt} parent`);
	    }
	}

	visit.visit = visit$1;
	visit.visitAsync = visitAsync;
	return visit;
}

var hasRequiredDirectives;

function requireDirectives () {
	if (hasRequiredDirectives) return directives;
	hasRequiredDirectives = 1;

	var identity = requireIdentity();
	var visit = requireVisit();

	const escapeChars = {
	    '!': '%21',
	    ',': '%2C',
	    '[': '%5B',
	    ']': '%5D',
	    '{': '%7B',
	    '}': '%7D'
	};
	const escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, ch => escapeChars[ch]);
	class Directives {
	    constructor(yaml, tags) {
	        /**
	         * The directives-end/doc-start marker `---`. If `null`, a marker may still be
	         * included in the document's stringified representation.
	         */
	        this.docStart = null;
	        /** The doc-end marker `...`.  */
	        this.docEnd = false;
	        this.yaml = Object.assign({}, Directives.defaultYaml, yaml);
	        this.tags = Object.assign({}, Directives.defaultTags, tags);
	    }
	    clone() {
	        const copy = new Directives(this.yaml, this.tags);
	        copy.docStart = this.docStart;
	        return copy;
	    }
	    /**
	     * During parsing, get a Directives instance for the current document and
	     * update the stream state according to the current version's spec.
	     */
	    atDocument() {
	        const res = new Directives(this.yaml, this.tags);
	        switch (this.yaml.version) {
	            case '1.1':
	                this.atNextDocument = true;
	                break;
	            case '1.2':
	                this.atNextDocument = false;
	                this.yaml = {
	                    explicit: Directives.defaultYaml.explicit,
	                    version: '1.2'
	                };
	                this.tags = Object.assign({}, Directives.defaultTags);
	                break;
	        }
	        return res;
	    }
	    /**
	     * @param onError - May be called even if the action was successful
	     * @returns `true` on success
	     */
	    add(line, onError) {
	        if (this.atNextDocument) {
	            this.yaml = { explicit: Directives.defaultYaml.explicit, version: '1.1' };
	            this.tags = Object.assign({}, Directives.defaultTags);
	            this.atNextDocument = false;
	        }
	        const parts = line.trim().split(/[ \t]+/);
	        const name = parts.shift();
	        switch (name) {
	            case '%TAG': {
	                if (parts.length !== 2) {
	                    onError(0, '%TAG directive should contain exactly two parts');
	                    if (parts.length < 2)
	                        return false;
	                }
	                const [handle, prefix] = parts;
	                this.tags[handle] = prefix;
	                return true;
	            }
	            case '%YAML': {
	                this.yaml.explicit = true;
	                if (parts.length !== 1) {
	                    onError(0, '%YAML directive should contain exactly one part');
	                    return false;
	                }
	                const [version] = parts;
	                if (version === '1.1' || version === '1.2') {
	                    this.yaml.version = version;
	                    return true;
	                }
	                else {
	                    const isValid = /^\d+\.\d+$/.test(version);
	                    onError(6, `Unsupported YAML version ${version}`, isValid);
	                    return false;
	                }
	            }
	            default:
	                onError(0, `Unknown directive ${name}`, true);
	                return false;
	        }
	    }
	    /**
	     * Resolves a tag, matching handles to those defined in %TAG directives.
	     *
	     * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
	     *   `'!local'` tag, or `null` if unresolvable.
	     */
	    tagName(source, onError) {
	        if (source === '!')
	            return '!'; // non-specific tag
	        if (source[0] !== '!') {
	            onError(`Not a valid tag: ${source}`);
	            return null;
	        }
	        if (source[1] === '<') {
	            const verbatim = source.slice(2, -1);
	            if (verbatim === '!' || verbatim === '!!') {
	                onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
	                return null;
	            }
	            if (source[source.length - 1] !== '>')
	                onError('Verbatim tags must end with a >');
	            return verbatim;
	        }
	        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
	        if (!suffix)
	            onError(`The ${source} tag has no suffix`);
	        const prefix = this.tags[handle];
	        if (prefix) {
	            try {
	                return prefix + decodeURIComponent(suffix);
	            }
	            catch (error) {
	                onError(String(error));
	                return null;
	            }
	        }
	        if (handle === '!')
	            return source; // local tag
	        onError(`Could not resolve tag: ${source}`);
	        return null;
	    }
	    /**
	     * Given a fully resolved tag, returns its printable string form,
	     * taking into account current tag prefixes and defaults.
	     */
	    tagString(tag) {
	        for (const [handle, prefix] of Object.entries(this.tags)) {
	            if (tag.startsWith(prefix))
	                return handle + escapeTagName(tag.substring(prefix.length));
	        }
	        return tag[0] === '!' ? tag : `!<${tag}>`;
	    }
	    toString(doc) {
	        const lines = this.yaml.explicit
	            ? [`%YAML ${this.yaml.version || '1.2'}`]
	            : [];
	        const tagEntries = Object.entries(this.tags);
	        let tagNames;
	        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
	            const tags = {};
	            visit.visit(doc.contents, (_key, node) => {
	                if (identity.isNode(node) && node.tag)
	                    tags[node.tag] = true;
	            });
	            tagNames = Object.keys(tags);
	        }
	        else
	            tagNames = [];
	        for (const [handle, prefix] of tagEntries) {
	            if (handle === '!!' && prefix === 'tag:yaml.org,2002:')
	                continue;
	            if (!doc || tagNames.some(tn => tn.startsWith(prefix)))
	                lines.push(`%TAG ${handle} ${prefix}`);
	        }
	        return lines.join('\n');
	    }
	}
	Directives.defaultYaml = { explicit: false, version: '1.2' };
	Directives.defaultTags = { '!!': 'tag:yaml.org,2002:' };

	directives.Directives = Directives;
	return directives;
}

var Document = {};

var Alias = {};

var anchors = {};

var hasRequiredAnchors;

function requireAnchors () {
	if (hasRequiredAnchors) return anchors;
	hasRequiredAnchors = 1;

	var identity = requireIdentity();
	var visit = requireVisit();

	/**
	 * Verify that the input string is a valid anchor.
	 *
	 * Will throw on errors.
	 */
	function anchorIsValid(anchor) {
	    if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
	        const sa = JSON.stringify(anchor);
	        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
	        throw new Error(msg);
	    }
	    return true;
	}
	function anchorNames(root) {
	    const anchors = new Set();
	    visit.visit(root, {
	        Value(_key, node) {
	            if (node.anchor)
	                anchors.add(node.anchor);
	        }
	    });
	    return anchors;
	}
	/** Find a new anchor name with the given `prefix` and a one-indexed suffix. */
	function findNewAnchor(prefix, exclude) {
	    for (let i = 1; true; ++i) {
	        const name = `${prefix}${i}`;
	        if (!exclude.has(name))
	            return name;
	    }
	}
	function createNodeAnchors(doc, prefix) {
	    const aliasObjects = [];
	    const sourceObjects = new Map();
	    let prevAnchors = null;
	    return {
	        onAnchor: (source) => {
	            aliasObjects.push(source);
	            prevAnchors ?? (prevAnchors = anchorNames(doc));
	            const anchor = findNewAnchor(prefix, prevAnchors);
	            prevAnchors.add(anchor);
	            return anchor;
	        },
	        /**
	         * With circular references, the source node is only resolved after all
	         * of its child nodes are. This is why anchors are set only after all of
	         * the nodes have been created.
	         */
	        setAnchors: () => {
	            for (const source of aliasObjects) {
	                const ref = sourceObjects.get(source);
	                if (typeof ref === 'object' &&
	                    ref.anchor &&
	                    (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
	                    ref.node.anchor = ref.anchor;
	                }
	                else {
	                    const error = new Error('Failed to resolve repeated object (this should not happen)');
	                    error.source = source;
	                    throw error;
	                }
	            }
	        },
	        sourceObjects
	    };
	}

	anchors.anchorIsValid = anchorIsValid;
	anchors.anchorNames = anchorNames;
	anchors.createNodeAnchors = createNodeAnchors;
	anchors.findNewAnchor = findNewAnchor;
	return anchors;
}

var Node = {};

var applyReviver = {};

var hasRequiredApplyReviver;

function requireApplyReviver () {
	if (hasRequiredApplyReviver) return applyReviver;
	hasRequiredApplyReviver = 1;

	/**
	 * Applies the JSON.parse reviver algorithm as defined in the ECMA-262 spec,
	 * in section 24.5.1.1 "Runtime Semantics: InternalizeJSONProperty" of the
	 * 2021 edition: https://tc39.es/ecma262/#sec-json.parse
	 *
	 * Includes extensions for handling Map and Set objects.
	 */
	function applyReviver$1(reviver, obj, key, val) {
	    if (val && typeof val === 'object') {
	        if (Array.isArray(val)) {
	            for (let i = 0, len = val.length; i < len; ++i) {
	                const v0 = val[i];
	                const v1 = applyReviver$1(reviver, val, String(i), v0);
	                // eslint-disable-next-line @typescript-eslint/no-array-delete
	                if (v1 === undefined)
	                    delete val[i];
	                else if (v1 !== v0)
	                    val[i] = v1;
	            }
	        }
	        else if (val instanceof Map) {
	            for (const k of Array.from(val.keys())) {
	                const v0 = val.get(k);
	                const v1 = applyReviver$1(reviver, val, k, v0);
	                if (v1 === undefined)
	                    val.delete(k);
	                else if (v1 !== v0)
	                    val.set(k, v1);
	            }
	        }
	        else if (val instanceof Set) {
	            for (const v0 of Array.from(val)) {
	                const v1 = applyReviver$1(reviver, val, v0, v0);
	                if (v1 === undefined)
	                    val.delete(v0);
	                else if (v1 !== v0) {
	                    val.delete(v0);
	                    val.add(v1);
	                }
	            }
	        }
	        else {
	            for (const [k, v0] of Object.entries(val)) {
	                const v1 = applyReviver$1(reviver, val, k, v0);
	                if (v1 === undefined)
	                    delete val[k];
	                else if (v1 !== v0)
	                    val[k] = v1;
	            }
	        }
	    }
	    return reviver.call(obj, key, val);
	}

	applyReviver.applyReviver = applyReviver$1;
	return applyReviver;
}

var toJS = {};

var hasRequiredToJS;

function requireToJS () {
	if (hasRequiredToJS) return toJS;
	hasRequiredToJS = 1;

	var identity = requireIdentity();

	/**
	 * Recursively convert any node or its contents to native JavaScript
	 *
	 * @param value - The input value
	 * @param arg - If `value` defines a `toJSON()` method, use this
	 *   as its first argument
	 * @param ctx - Conversion context, originally set in Document#toJS(). If
	 *   `{ keep: true }` is not set, output should be suitable for JSON
	 *   stringification.
	 */
	function toJS$1(value, arg, ctx) {
	    // eslint-disable-next-line @typescript-eslint/no-unsafe-return
	    if (Array.isArray(value))
	        return value.map((v, i) => toJS$1(v, String(i), ctx));
	    if (value && typeof value.toJSON === 'function') {
	        // eslint-disable-next-line @typescript-eslint/no-unsafe-call
	        if (!ctx || !identity.hasAnchor(value))
	            return value.toJSON(arg, ctx);
	        const data = { aliasCount: 0, count: 1, res: undefined };
	        ctx.anchors.set(value, data);
	        ctx.onCreate = res => {
	            data.res = res;
	            delete ctx.onCreate;
	        };
	        const res = value.toJSON(arg, ctx);
	        if (ctx.onCreate)
	            ctx.onCreate(res);
	        return res;
	    }
	    if (typeof value === 'bigint' && !ctx?.keep)
	        return Number(value);
	    return value;
	}

	toJS.toJS = toJS$1;
	return toJS;
}

var hasRequiredNode;

function requireNode () {
	if (hasRequiredNode) return Node;
	hasRequiredNode = 1;

	var applyReviver = requireApplyReviver();
	var identity = requireIdentity();
	var toJS = requireToJS();

	class NodeBase {
	    constructor(type) {
	        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
	    }
	    /** Create a copy of this node.  */
	    clone() {
	        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
	        if (this.range)
	            copy.range = this.range.slice();
	        return copy;
	    }
	    /** A plain JavaScript representation of this node. */
	    toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
	        if (!identity.isDocument(doc))
	            throw new TypeError('A document argument is required');
	        const ctx = {
	            anchors: new Map(),
	            doc,
	            keep: true,
	            mapAsMap: mapAsMap === true,
	            mapKeyWarned: false,
	            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
	        };
	        const res = toJS.toJS(this, '', ctx);
	        if (typeof onAnchor === 'function')
	            for (const { count, res } of ctx.anchors.values())
	                onAnchor(res, count);
	        return typeof reviver === 'function'
	            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
	            : res;
	    }
	}

	Node.NodeBase = NodeBase;
	return Node;
}

var hasRequiredAlias;

function requireAlias () {
	if (hasRequiredAlias) return Alias;
	hasRequiredAlias = 1;

	var anchors = requireAnchors();
	var visit = requireVisit();
	var identity = requireIdentity();
	var Node = requireNode();
	var toJS = requireToJS();

	let Alias$1 = class Alias extends Node.NodeBase {
	    constructor(source) {
	        super(identity.ALIAS);
	        this.source = source;
	        Object.defineProperty(this, 'tag', {
	            set() {
	                throw new Error('Alias nodes cannot have tags');
	            }
	        });
	    }
	    /**
	     * Resolve the value of this alias within `doc`, finding the last
	     * instance of the `source` anchor before this node.
	     */
	    resolve(doc, ctx) {
	        if (ctx?.maxAliasCount === 0)
	            throw new ReferenceError('Alias resolution is disabled');
	        let nodes;
	        if (ctx?.aliasResolveCache) {
	            nodes = ctx.aliasResolveCache;
	        }
	        else {
	            nodes = [];
	            visit.visit(doc, {
	                Node: (_key, node) => {
	                    if (identity.isAlias(node) || identity.hasAnchor(node))
	                        nodes.push(node);
	                }
	            });
	            if (ctx)
	                ctx.aliasResolveCache = nodes;
	        }
	        let found = undefined;
	        for (const node of nodes) {
	            if (node === this)
	                break;
	            if (node.anchor === this.source)
	                found = node;
	        }
	        if (found && ctx) {
	            const { anchors, doc, maxAliasCount } = ctx;
	            let data = anchors.get(found);
	            if (!data) {
	                // Resolve anchors for Node.prototype.toJS()
	                toJS.toJS(found, null, ctx);
	                data = anchors.get(found);
	            }
	            /* istanbul ignore if */
	            if (data?.res === undefined) {
	                const msg = 'This should not happen: Alias anchor was not resolved?';
	                throw new ReferenceError(msg);
	            }
	            if (maxAliasCount >= 0) {
	                data.count += 1;
	                if (data.aliasCount === 0)
	                    data.aliasCount = getAliasCount(doc, found, anchors);
	                if (data.count * data.aliasCount > maxAliasCount) {
	                    const msg = 'Excessive alias count indicates a resource exhaustion attack';
	                    throw new ReferenceError(msg);
	                }
	            }
	        }
	        return found;
	    }
	    toJSON(_arg, ctx) {
	        if (!ctx)
	            return { source: this.source };
	        const source = this.resolve(ctx.doc, ctx);
	        if (!source) {
	            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
	            throw new ReferenceError(msg);
	        }
	        return ctx.anchors.get(source).res;
	    }
	    toString(ctx, _onComment, _onChompKeep) {
	        const src = `*${this.source}`;
	        if (ctx) {
	            anchors.anchorIsValid(this.source);
	            if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
	                const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
	                throw new Error(msg);
	            }
	            if (ctx.implicitKey)
	                return `${src} `;
	        }
	        return src;
	    }
	};
	function getAliasCount(doc, node, anchors) {
	    if (identity.isAlias(node)) {
	        const source = node.resolve(doc);
	        const anchor = anchors && source && anchors.get(source);
	        return anchor ? anchor.count * anchor.aliasCount : 0;
	    }
	    else if (identity.isCollection(node)) {
	        let count = 0;
	        for (const item of node.items) {
	            const c = getAliasCount(doc, item, anchors);
	            if (c > count)
	                count = c;
	        }
	        return count;
	    }
	    else if (identity.isPair(node)) {
	        const kc = getAliasCount(doc, node.key, anchors);
	        const vc = getAliasCount(doc, node.value, anchors);
	        return Math.max(kc, vc);
	    }
	    return 1;
	}

	Alias.Alias = Alias$1;
	return Alias;
}

var Collection = {};

var createNode = {};

var Scalar = {};

var hasRequiredScalar;

function requireScalar () {
	if (hasRequiredScalar) return Scalar;
	hasRequiredScalar = 1;

	var identity = requireIdentity();
	var Node = requireNode();
	var toJS = requireToJS();

	const isScalarValue = (value) => !value || (typeof value !== 'function' && typeof value !== 'object');
	let Scalar$1 = class Scalar extends Node.NodeBase {
	    constructor(value) {
	        super(identity.SCALAR);
	        this.value = value;
	    }
	    toJSON(arg, ctx) {
	        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
	    }
	    toString() {
	        return String(this.value);
	    }
	};
	Scalar$1.BLOCK_FOLDED = 'BLOCK_FOLDED';
	Scalar$1.BLOCK_LITERAL = 'BLOCK_LITERAL';
	Scalar$1.PLAIN = 'PLAIN';
	Scalar$1.QUOTE_DOUBLE = 'QUOTE_DOUBLE';
	Scalar$1.QUOTE_SINGLE = 'QUOTE_SINGLE';

	Scalar.Scalar = Scalar$1;
	Scalar.isScalarValue = isScalarValue;
	return Scalar;
}

var hasRequiredCreateNode;

function requireCreateNode () {
	if (hasRequiredCreateNode) return createNode;
	hasRequiredCreateNode = 1;

	var Alias = requireAlias();
	var identity = requireIdentity();
	var Scalar = requireScalar();

	const defaultTagPrefix = 'tag:yaml.org,2002:';
	function findTagObject(value, tagName, tags) {
	    if (tagName) {
	        const match = tags.filter(t => t.tag === tagName);
	        const tagObj = match.find(t => !t.format) ?? match[0];
	        if (!tagObj)
	            throw new Error(`Tag ${tagName} not found`);
	        return tagObj;
	    }
	    return tags.find(t => t.identify?.(value) && !t.format);
	}
	function createNode$1(value, tagName, ctx) {
	    if (identity.isDocument(value))
	        value = value.contents;
	    if (identity.isNode(value))
	        return value;
	    if (identity.isPair(value)) {
	        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
	        map.items.push(value);
	        return map;
	    }
	    if (value instanceof String ||
	        value instanceof Number ||
	        value instanceof Boolean ||
	        (typeof BigInt !== 'undefined' && value instanceof BigInt) // not supported everywhere
	    ) {
	        // https://tc39.es/ecma262/#sec-serializejsonproperty
	        value = value.valueOf();
	    }
	    const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
	    // Detect duplicate references to the same object & use Alias nodes for all
	    // after first. The `ref` wrapper allows for circular references to resolve.
	    let ref = undefined;
	    if (aliasDuplicateObjects && value && typeof value === 'object') {
	        ref = sourceObjects.get(value);
	        if (ref) {
	            ref.anchor ?? (ref.anchor = onAnchor(value));
	            return new Alias.Alias(ref.anchor);
	        }
	        else {
	            ref = { anchor: null, node: null };
	            sourceObjects.set(value, ref);
	        }
	    }
	    if (tagName?.startsWith('!!'))
	        tagName = defaultTagPrefix + tagName.slice(2);
	    let tagObj = findTagObject(value, tagName, schema.tags);
	    if (!tagObj) {
	        if (value && typeof value.toJSON === 'function') {
	            // eslint-disable-next-line @typescript-eslint/no-unsafe-call
	            value = value.toJSON();
	        }
	        if (!value || typeof value !== 'object') {
	            const node = new Scalar.Scalar(value);
	            if (ref)
	                ref.node = node;
	            return node;
	        }
	        tagObj =
	            value instanceof Map
	                ? schema[identity.MAP]
	                : Symbol.iterator in Object(value)
	                    ? schema[identity.SEQ]
	                    : schema[identity.MAP];
	    }
	    if (onTagObj) {
	        onTagObj(tagObj);
	        delete ctx.onTagObj;
	    }
	    const node = tagObj?.createNode
	        ? tagObj.createNode(ctx.schema, value, ctx)
	        : typeof tagObj?.nodeClass?.from === 'function'
	            ? tagObj.nodeClass.from(ctx.schema, value, ctx)
	            : new Scalar.Scalar(value);
	    if (tagName)
	        node.tag = tagName;
	    else if (!tagObj.default)
	        node.tag = tagObj.tag;
	    if (ref)
	        ref.node = node;
	    return node;
	}

	createNode.createNode = createNode$1;
	return createNode;
}

var hasRequiredCollection;

function requireCollection () {
	if (hasRequiredCollection) return Collection;
	hasRequiredCollection = 1;

	var createNode = requireCreateNode();
	var identity = requireIdentity();
	var Node = requireNode();

	function collectionFromPath(schema, path, value) {
	    let v = value;
	    for (let i = path.length - 1; i >= 0; --i) {
	        const k = path[i];
	        if (typeof k === 'number' && Number.isInteger(k) && k >= 0) {
	            const a = [];
	            a[k] = v;
	            v = a;
	        }
	        else {
	            v = new Map([[k, v]]);
	        }
	    }
	    return createNode.createNode(v, undefined, {
	        aliasDuplicateObjects: false,
	        keepUndefined: false,
	        onAnchor: () => {
	            throw new Error('This should not happen, please report a bug.');
	        },
	        schema,
	        sourceObjects: new Map()
	    });
	}
	// Type guard is intentionally a little wrong so as to be more useful,
	// as it does not cover untypable empty non-string iterables (e.g. []).
	const isEmptyPath = (path) => path == null ||
	    (typeof path === 'object' && !!path[Symbol.iterator]().next().done);
	let Collection$1 = class Collection extends Node.NodeBase {
	    constructor(type, schema) {
	        super(type);
	        Object.defineProperty(this, 'schema', {
	            value: schema,
	            configurable: true,
	            enumerable: false,
	            writable: true
	        });
	    }
	    /**
	     * Create a copy of this collection.
	     *
	     * @param schema - If defined, overwrites the original's schema
	     */
	    clone(schema) {
	        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
	        if (schema)
	            copy.schema = schema;
	        copy.items = copy.items.map(it => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
	        if (this.range)
	            copy.range = this.range.slice();
	        return copy;
	    }
	    /**
	     * Adds a value to the collection. For `!!map` and `!!omap` the value must
	     * be a Pair instance or a `{ key, value }` object, which may not have a key
	     * that already exists in the map.
	     */
	    addIn(path, value) {
	        if (isEmptyPath(path))
	            this.add(value);
	        else {
	            const [key, ...rest] = path;
	            const node = this.get(key, true);
	            if (identity.isCollection(node))
	                node.addIn(rest, value);
	            else if (node === undefined && this.schema)
	                this.set(key, collectionFromPath(this.schema, rest, value));
	            else
	                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
	        }
	    }
	    /**
	     * Removes a value from the collection.
	     * @returns `true` if the item was found and removed.
	     */
	    deleteIn(path) {
	        const [key, ...rest] = path;
	        if (rest.length === 0)
	            return this.delete(key);
	        const node = this.get(key, true);
	        if (identity.isCollection(node))
	            return node.deleteIn(rest);
	        else
	            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
	    }
	    /**
	     * Returns item at `key`, or `undefined` if not found. By default unwraps
	     * scalar values from their surrounding node; to disable set `keepScalar` to
	     * `true` (collections are always returned intact).
	     */
	    getIn(path, keepScalar) {
	        const [key, ...rest] = path;
	        const node = this.get(key, true);
	        if (rest.length === 0)
	            return !keepScalar && identity.isScalar(node) ? node.value : node;
	        else
	            return identity.isCollection(node) ? node.getIn(rest, keepScalar) : undefined;
	    }
	    hasAllNullValues(allowScalar) {
	        return this.items.every(node => {
	            if (!identity.isPair(node))
	                return false;
	            const n = node.value;
	            return (n == null ||
	                (allowScalar &&
	                    identity.isScalar(n) &&
	                    n.value == null &&
	                    !n.commentBefore &&
	                    !n.comment &&
	                    !n.tag));
	        });
	    }
	    /**
	     * Checks if the collection includes a value with the key `key`.
	     */
	    hasIn(path) {
	        const [key, ...rest] = path;
	        if (rest.length === 0)
	            return this.has(key);
	        const node = this.get(key, true);
	        return identity.isCollection(node) ? node.hasIn(rest) : false;
	    }
	    /**
	     * Sets a value in this collection. For `!!set`, `value` needs to be a
	     * boolean to add/remove the item from the set.
	     */
	    setIn(path, value) {
	        const [key, ...rest] = path;
	        if (rest.length === 0) {
	            this.set(key, value);
	        }
	        else {
	            const node = this.get(key, true);
	            if (identity.isCollection(node))
	                node.setIn(rest, value);
	            else if (node === undefined && this.schema)
	                this.set(key, collectionFromPath(this.schema, rest, value));
	            else
	                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
	        }
	    }
	};

	Collection.Collection = Collection$1;
	Collection.collectionFromPath = collectionFromPath;
	Collection.isEmptyPath = isEmptyPath;
	return Collection;
}

var Pair = {};

var stringifyPair = {};

var stringify = {};

var stringifyComment = {};

var hasRequiredStringifyComment;

function requireStringifyComment () {
	if (hasRequiredStringifyComment) return stringifyComment;
	hasRequiredStringifyComment = 1;

	/**
	 * Stringifies a comment.
	 *
	 * Empty comment lines are left empty,
	 * lines consisting of a single space are replaced by `#`,
	 * and all other lines are prefixed with a `#`.
	 */
	const stringifyComment$1 = (str) => str.replace(/^(?!$)(?: $)?/gm, '#');
	function indentComment(comment, indent) {
	    if (/^\n+$/.test(comment))
	        return comment.substring(1);
	    return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
	}
	const lineComment = (str, indent, comment) => str.endsWith('\n')
	    ? indentComment(comment, indent)
	    : comment.includes('\n')
	        ? '\n' + indentComment(comment, indent)
	        : (str.endsWith(' ') ? '' : ' ') + comment;

	stringifyComment.indentComment = indentComment;
	stringifyComment.lineComment = lineComment;
	stringifyComment.stringifyComment = stringifyComment$1;
	return stringifyComment;
}

var stringifyString = {};

var foldFlowLines = {};

var hasRequiredFoldFlowLines;

function requireFoldFlowLines () {
	if (hasRequiredFoldFlowLines) return foldFlowLines;
	hasRequiredFoldFlowLines = 1;

	const FOLD_FLOW = 'flow';
	const FOLD_BLOCK = 'block';
	const FOLD_QUOTED = 'quoted';
	/**
	 * Tries to keep input at up to `lineWidth` characters, splitting only on spaces
	 * not followed by newlines or spaces unless `mode` is `'quoted'`. Lines are
	 * terminated with `\n` and started with `indent`.
	 */
	function foldFlowLines$1(text, indent, mode = 'flow', { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
	    if (!lineWidth || lineWidth < 0)
	        return text;
	    if (lineWidth < minContentWidth)
	        minContentWidth = 0;
	    const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
	    if (text.length <= endStep)
	        return text;
	    const folds = [];
	    const escapedFolds = {};
	    let end = lineWidth - indent.length;
	    if (typeof indentAtStart === 'number') {
	        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
	            folds.push(0);
	        else
	            end = lineWidth - indentAtStart;
	    }
	    let split = undefined;
	    let prev = undefined;
	    let overflow = false;
	    let i = -1;
	    let escStart = -1;
	    let escEnd = -1;
	    if (mode === FOLD_BLOCK) {
	        i = consumeMoreIndentedLines(text, i, indent.length);
	        if (i !== -1)
	            end = i + endStep;
	    }
	    for (let ch; (ch = text[(i += 1)]);) {
	        if (mode === FOLD_QUOTED && ch === '\\') {
	            escStart = i;
	            switch (text[i + 1]) {
	                case 'x':
	                    i += 3;
	                    break;
	                case 'u':
	                    i += 5;
	                    break;
	                case 'U':
	                    i += 9;
	                    break;
	                default:
	                    i += 1;
	            }
	            escEnd = i;
	        }
	        if (ch === '\n') {
	            if (mode === FOLD_BLOCK)
	                i = consumeMoreIndentedLines(text, i, indent.length);
	            end = i + indent.length + endStep;
	            split = undefined;
	        }
	        else {
	            if (ch === ' ' &&
	                prev &&
	                prev !== ' ' &&
	                prev !== '\n' &&
	                prev !== '\t') {
	                // space surrounded by non-space can be replaced with newline + indent
	                const next = text[i + 1];
	                if (next && next !== ' ' && next !== '\n' && next !== '\t')
	                    split = i;
	            }
	            if (i >= end) {
	                if (split) {
	                    folds.push(split);
	                    end = split + endStep;
	                    split = undefined;
	                }
	                else if (mode === FOLD_QUOTED) {
	                    // white-space collected at end may stretch past lineWidth
	                    while (prev === ' ' || prev === '\t') {
	                        prev = ch;
	                        ch = text[(i += 1)];
	                        overflow = true;
	                    }
	                    // Account for newline escape, but don't break preceding escape
	                    const j = i > escEnd + 1 ? i - 2 : escStart - 1;
	                    // Bail out if lineWidth & minContentWidth are shorter than an escape string
	                    if (escapedFolds[j])
	                        return text;
	                    folds.push(j);
	                    escapedFolds[j] = true;
	                    end = j + endStep;
	                    split = undefined;
	                }
	                else {
	                    overflow = true;
	                }
	            }
	        }
	        prev = ch;
	    }
	    if (overflow && onOverflow)
	        onOverflow();
	    if (folds.length === 0)
	        return text;
	    if (onFold)
	        onFold();
	    let res = text.slice(0, folds[0]);
	    for (let i = 0; i < folds.length; ++i) {
	        const fold = folds[i];
	        const end = folds[i + 1] || text.length;
	        if (fold === 0)
	            res = `\n${indent}${text.slice(0, end)}`;
	        else {
	            if (mode === FOLD_QUOTED && escapedFolds[fold])
	                res += `${text[fold]}\\`;
	            res += `\n${indent}${text.slice(fold + 1, end)}`;
	        }
	    }
	    return res;
	}
	/**
	 * Presumes `i + 1` is at the start of a line
	 * @returns index of last newline in more-indented block
	 */
	function consumeMoreIndentedLines(text, i, indent) {
	    let end = i;
	    let start = i + 1;
	    let ch = text[start];
	    while (ch === ' ' || ch === '\t') {
	        if (i < start + indent) {
	            ch = text[++i];
	        }
	        else {
	            do {
	                ch = text[++i];
	            } while (ch && ch !== '\n');
	            end = i;
	            start = i + 1;
	            ch = text[start];
	        }
	    }
	    return end;
	}

	foldFlowLines.FOLD_BLOCK = FOLD_BLOCK;
	foldFlowLines.FOLD_FLOW = FOLD_FLOW;
	foldFlowLines.FOLD_QUOTED = FOLD_QUOTED;
	foldFlowLines.foldFlowLines = foldFlowLines$1;
	return foldFlowLines;
}

var hasRequiredStringifyString;

function requireStringifyString () {
	if (hasRequiredStringifyString) return stringifyString;
	hasRequiredStringifyString = 1;

	var Scalar = requireScalar();
	var foldFlowLines = requireFoldFlowLines();

	const getFoldOptions = (ctx, isBlock) => ({
	    indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
	    lineWidth: ctx.options.lineWidth,
	    minContentWidth: ctx.options.minContentWidth
	});
	// Also checks for lines starting with %, as parsing the output as YAML 1.1 will
	// presume that's starting a new document.
	const containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
	function lineLengthOverLimit(str, lineWidth, indentLength) {
	    if (!lineWidth || lineWidth < 0)
	        return false;
	    const limit = lineWidth - indentLength;
	    const strLen = str.length;
	    if (strLen <= limit)
	        return false;
	    for (let i = 0, start = 0; i < strLen; ++i) {
	        if (str[i] === '\n') {
	            if (i - start > limit)
	                return true;
	            start = i + 1;
	            if (strLen - start <= limit)
	                return false;
	        }
	    }
	    return true;
	}
	function doubleQuotedString(value, ctx) {
	    const json = JSON.stringify(value);
	    if (ctx.options.doubleQuotedAsJSON)
	        return json;
	    const { implicitKey } = ctx;
	    const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
	    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
	    let str = '';
	    let start = 0;
	    for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
	        if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
	            // space before newline needs to be escaped to not be folded
	            str += json.slice(start, i) + '\\ ';
	            i += 1;
	            start = i;
	            ch = '\\';
	        }
	        if (ch === '\\')
	            switch (json[i + 1]) {
	                case 'u':
	                    {
	                        str += json.slice(start, i);
	                        const code = json.substr(i + 2, 4);
	                        switch (code) {
	                            case '0000':
	                                str += '\\0';
	                                break;
	                            case '0007':
	                                str += '\\a';
	                                break;
	                            case '000b':
	                                str += '\\v';
	                                break;
	                            case '001b':
	                                str += '\\e';
	                                break;
	                            case '0085':
	                                str += '\\N';
	                                break;
	                            case '00a0':
	                                str += '\\_';
	                                break;
	                            case '2028':
	                                str += '\\L';
	                                break;
	                            case '2029':
	                                str += '\\P';
	                                break;
	                            default:
	                                if (code.substr(0, 2) === '00')
	                                    str += '\\x' + code.substr(2);
	                                else
	                                    str += json.substr(i, 6);
	                        }
	                        i += 5;
	                        start = i + 1;
	                    }
	                    break;
	                case 'n':
	                    if (implicitKey ||
	                        json[i + 2] === '"' ||
	                        json.length < minMultiLineLength) {
	                        i += 1;
	                    }
	                    else {
	                        // folding will eat first newline
	                        str += json.slice(start, i) + '\n\n';
	                        while (json[i + 2] === '\\' &&
	                            json[i + 3] === 'n' &&
	                            json[i + 4] !== '"') {
	                            str += '\n';
	                            i += 2;
	                        }
	                        str += indent;
	                        // space after newline needs to be escaped to not be folded
	                        if (json[i + 2] === ' ')
	                            str += '\\';
	                        i += 1;
	                        start = i + 1;
	                    }
	                    break;
	                default:
	                    i += 1;
	            }
	    }
	    str = start ? str + json.slice(start) : json;
	    return implicitKey
	        ? str
	        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
	}
	function singleQuotedString(value, ctx) {
	    if (ctx.options.singleQuote === false ||
	        (ctx.implicitKey && value.includes('\n')) ||
	        /[ \t]\n|\n[ \t]/.test(value) // single quoted string can't have leading or trailing whitespace around newline
	    )
	        return doubleQuotedString(value, ctx);
	    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
	    const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
	    return ctx.implicitKey
	        ? res
	        : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
	}
	function quotedString(value, ctx) {
	    const { singleQuote } = ctx.options;
	    let qs;
	    if (singleQuote === false)
	        qs = doubleQuotedString;
	    else {
	        const hasDouble = value.includes('"');
	        const hasSingle = value.includes("'");
	        if (hasDouble && !hasSingle)
	            qs = singleQuotedString;
	        else if (hasSingle && !hasDouble)
	            qs = doubleQuotedString;
	        else
	            qs = singleQuote ? singleQuotedString : doubleQuotedString;
	    }
	    return qs(value, ctx);
	}
	// The negative lookbehind avoids a polynomial search,
	// but isn't supported yet on Safari: https://caniuse.com/js-regexp-lookbehind
	let blockEndNewlines;
	try {
	    blockEndNewlines = new RegExp('(^|(?<!\n))\n+(?!\n|$)', 'g');
	}
	catch {
	    blockEndNewlines = /\n+(?!\n|$)/g;
	}
	function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
	    const { blockQuote, commentString, lineWidth } = ctx.options;
	    // 1. Block can't end in whitespace unless the last line is non-empty.
	    // 2. Strings consisting of only whitespace are best rendered explicitly.
	    if (!blockQuote || /\n[\t ]+$/.test(value)) {
	        return quotedString(value, ctx);
	    }
	    const indent = ctx.indent ||
	        (ctx.forceBlockIndent || containsDocumentMarker(value) ? '  ' : '');
	    const literal = blockQuote === 'literal'
	        ? true
	        : blockQuote === 'folded' || type === Scalar.Scalar.BLOCK_FOLDED
	            ? false
	            : type === Scalar.Scalar.BLOCK_LITERAL
	                ? true
	                : !lineLengthOverLimit(value, lineWidth, indent.length);
	    if (!value)
	        return literal ? '|\n' : '>\n';
	    // determine chomping from whitespace at value end
	    let chomp;
	    let endStart;
	    for (endStart = value.length; endStart > 0; --endStart) {
	        const ch = value[endStart - 1];
	        if (ch !== '\n' && ch !== '\t' && ch !== ' ')
	            break;
	    }
	    let end = value.substring(endStart);
	    const endNlPos = end.indexOf('\n');
	    if (endNlPos === -1) {
	        chomp = '-'; // strip
	    }
	    else if (value === end || endNlPos !== end.length - 1) {
	        chomp = '+'; // keep
	        if (onChompKeep)
	            onChompKeep();
	    }
	    else {
	        chomp = ''; // clip
	    }
	    if (end) {
	        value = value.slice(0, -end.length);
	        if (end[end.length - 1] === '\n')
	            end = end.slice(0, -1);
	        end = end.replace(blockEndNewlines, `$&${indent}`);
	    }
	    // determine indent indicator from whitespace at value start
	    let startWithSpace = false;
	    let startEnd;
	    let startNlPos = -1;
	    for (startEnd = 0; startEnd < value.length; ++startEnd) {
	        const ch = value[startEnd];
	        if (ch === ' ')
	            startWithSpace = true;
	        else if (ch === '\n')
	            startNlPos = startEnd;
	        else
	            break;
	    }
	    let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
	    if (start) {
	        value = value.substring(start.length);
	        start = start.replace(/\n+/g, `$&${indent}`);
	    }
	    const indentSize = indent ? '2' : '1'; // root is at -1
	    // Leading | or > is added later
	    let header = (startWithSpace ? indentSize : '') + chomp;
	    if (comment) {
	        header += ' ' + commentString(comment.replace(/ ?[\r\n]+/g, ' '));
	        if (onComment)
	            onComment();
	    }
	    if (!literal) {
	        const foldedValue = value
	            .replace(/\n+/g, '\n$&')
	            .replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2') // more-indented lines aren't folded
	            //                ^ more-ind. ^ empty     ^ capture next empty lines only at end of indent
	            .replace(/\n+/g, `$&${indent}`);
	        let literalFallback = false;
	        const foldOptions = getFoldOptions(ctx, true);
	        if (blockQuote !== 'folded' && type !== Scalar.Scalar.BLOCK_FOLDED) {
	            foldOptions.onOverflow = () => {
	                literalFallback = true;
	            };
	        }
	        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
	        if (!literalFallback)
	            return `>${header}\n${indent}${body}`;
	    }
	    value = value.replace(/\n+/g, `$&${indent}`);
	    return `|${header}\n${indent}${start}${value}${end}`;
	}
	function plainString(item, ctx, onComment, onChompKeep) {
	    const { type, value } = item;
	    const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
	    if ((implicitKey && value.includes('\n')) ||
	        (inFlow && /[[\]{},]/.test(value))) {
	        return quotedString(value, ctx);
	    }
	    if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
	        // not allowed:
	        // - '-' or '?'
	        // - start with an indicator character (except [?:-]) or /[?-] /
	        // - '\n ', ': ' or ' \n' anywhere
	        // - '#' not preceded by a non-space char
	        // - end with ' ' or ':'
	        return implicitKey || inFlow || !value.includes('\n')
	            ? quotedString(value, ctx)
	            : blockString(item, ctx, onComment, onChompKeep);
	    }
	    if (!implicitKey &&
	        !inFlow &&
	        type !== Scalar.Scalar.PLAIN &&
	        value.includes('\n')) {
	        // Where allowed & type not set explicitly, prefer block style for multiline strings
	        return blockString(item, ctx, onComment, onChompKeep);
	    }
	    if (containsDocumentMarker(value)) {
	        if (indent === '') {
	            ctx.forceBlockIndent = true;
	            return blockString(item, ctx, onComment, onChompKeep);
	        }
	        else if (implicitKey && indent === indentStep) {
	            return quotedString(value, ctx);
	        }
	    }
	    const str = value.replace(/\n+/g, `$&\n${indent}`);
	    // Verify that output will be parsed as a string, as e.g. plain numbers and
	    // booleans get parsed with those types in v1.2 (e.g. '42', 'true' & '0.9e-3'),
	    // and others in v1.1.
	    if (actualString) {
	        const test = (tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test?.test(str);
	        const { compat, tags } = ctx.doc.schema;
	        if (tags.some(test) || compat?.some(test))
	            return quotedString(value, ctx);
	    }
	    return implicitKey
	        ? str
	        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
	}
	function stringifyString$1(item, ctx, onComment, onChompKeep) {
	    const { implicitKey, inFlow } = ctx;
	    const ss = typeof item.value === 'string'
	        ? item
	        : Object.assign({}, item, { value: String(item.value) });
	    let { type } = item;
	    if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
	        // force double quotes on control characters & unpaired surrogates
	        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
	            type = Scalar.Scalar.QUOTE_DOUBLE;
	    }
	    const _stringify = (_type) => {
	        switch (_type) {
	            case Scalar.Scalar.BLOCK_FOLDED:
	            case Scalar.Scalar.BLOCK_LITERAL:
	                return implicitKey || inFlow
	                    ? quotedString(ss.value, ctx) // blocks are not valid inside flow containers
	                    : blockString(ss, ctx, onComment, onChompKeep);
	            case Scalar.Scalar.QUOTE_DOUBLE:
	                return doubleQuotedString(ss.value, ctx);
	            case Scalar.Scalar.QUOTE_SINGLE:
	                return singleQuotedString(ss.value, ctx);
	            case Scalar.Scalar.PLAIN:
	                return plainString(ss, ctx, onComment, onChompKeep);
	            default:
	                return null;
	        }
	    };
	    let res = _stringify(type);
	    if (res === null) {
	        const { defaultKeyType, defaultStringType } = ctx.options;
	        const t = (implicitKey && defaultKeyType) || defaultStringType;
	        res = _stringify(t);
	        if (res === null)
	            throw new Error(`Unsupported default string type ${t}`);
	    }
	    return res;
	}

	stringifyString.stringifyString = stringifyString$1;
	return stringifyString;
}

var hasRequiredStringify;

function requireStringify () {
	if (hasRequiredStringify) return stringify;
	hasRequiredStringify = 1;

	var anchors = requireAnchors();
	var identity = requireIdentity();
	var stringifyComment = requireStringifyComment();
	var stringifyString = requireStringifyString();

	function createStringifyContext(doc, options) {
	    const opt = Object.assign({
	        blockQuote: true,
	        commentString: stringifyComment.stringifyComment,
	        defaultKeyType: null,
	        defaultStringType: 'PLAIN',
	        directives: null,
	        doubleQuotedAsJSON: false,
	        doubleQuotedMinMultiLineLength: 40,
	        falseStr: 'false',
	        flowCollectionPadding: true,
	        indentSeq: true,
	        lineWidth: 80,
	        minContentWidth: 20,
	        nullStr: 'null',
	        simpleKeys: false,
	        singleQuote: null,
	        trailingComma: false,
	        trueStr: 'true',
	        verifyAliasOrder: true
	    }, doc.schema.toStringOptions, options);
	    let inFlow;
	    switch (opt.collectionStyle) {
	        case 'block':
	            inFlow = false;
	            break;
	        case 'flow':
	            inFlow = true;
	            break;
	        default:
	            inFlow = null;
	    }
	    return {
	        anchors: new Set(),
	        doc,
	        flowCollectionPadding: opt.flowCollectionPadding ? ' ' : '',
	        indent: '',
	        indentStep: typeof opt.indent === 'number' ? ' '.repeat(opt.indent) : '  ',
	        inFlow,
	        options: opt
	    };
	}
	function getTagObject(tags, item) {
	    if (item.tag) {
	        const match = tags.filter(t => t.tag === item.tag);
	        if (match.length > 0)
	            return match.find(t => t.format === item.format) ?? match[0];
	    }
	    let tagObj = undefined;
	    let obj;
	    if (identity.isScalar(item)) {
	        obj = item.value;
	        let match = tags.filter(t => t.identify?.(obj));
	        if (match.length > 1) {
	            const testMatch = match.filter(t => t.test);
	            if (testMatch.length > 0)
	                match = testMatch;
	        }
	        tagObj =
	            match.find(t => t.format === item.format) ?? match.find(t => !t.format);
	    }
	    else {
	        obj = item;
	        tagObj = tags.find(t => t.nodeClass && obj instanceof t.nodeClass);
	    }
	    if (!tagObj) {
	        const name = obj?.constructor?.name ?? (obj === null ? 'null' : typeof obj);
	        throw new Error(`Tag not resolved for ${name} value`);
	    }
	    return tagObj;
	}
	// needs to be called before value stringifier to allow for circular anchor refs
	function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
	    if (!doc.directives)
	        return '';
	    const props = [];
	    const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
	    if (anchor && anchors.anchorIsValid(anchor)) {
	        anchors$1.add(anchor);
	        props.push(`&${anchor}`);
	    }
	    const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
	    if (tag)
	        props.push(doc.directives.tagString(tag));
	    return props.join(' ');
	}
	function stringify$1(item, ctx, onComment, onChompKeep) {
	    if (identity.isPair(item))
	        return item.toString(ctx, onComment, onChompKeep);
	    if (identity.isAlias(item)) {
	        if (ctx.doc.directives)
	            return item.toString(ctx);
	        if (ctx.resolvedAliases?.has(item)) {
	            throw new TypeError(`Cannot stringify circular structure without alias nodes`);
	        }
	        else {
	            if (ctx.resolvedAliases)
	                ctx.resolvedAliases.add(item);
	            else
	                ctx.resolvedAliases = new Set([item]);
	            item = item.resolve(ctx.doc);
	        }
	    }
	    let tagObj = undefined;
	    const node = identity.isNode(item)
	        ? item
	        : ctx.doc.createNode(item, { onTagObj: o => (tagObj = o) });
	    tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
	    const props = stringifyProps(node, tagObj, ctx);
	    if (props.length > 0)
	        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
	    const str = typeof tagObj.stringify === 'function'
	        ? tagObj.stringify(node, ctx, onComment, onChompKeep)
	        : identity.isScalar(node)
	            ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep)
	            : node.toString(ctx, onComment, onChompKeep);
	    if (!props)
	        return str;
	    return identity.isScalar(node) || str[0] === '{' || str[0] === '['
	        ? `${props} ${str}`
	        : `${props}\n${ctx.indent}${str}`;
	}

	stringify.createStringifyContext = createStringifyContext;
	stringify.stringify = stringify$1;
	return stringify;
}

var hasRequiredStringifyPair;

function requireStringifyPair () {
	if (hasRequiredStringifyPair) return stringifyPair;
	hasRequiredStringifyPair = 1;

	var identity = requireIdentity();
	var Scalar = requireScalar();
	var stringify = requireStringify();
	var stringifyComment = requireStringifyComment();

	function stringifyPair$1({ key, value }, ctx, onComment, onChompKeep) {
	    const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
	    let keyComment = (identity.isNode(key) && key.comment) || null;
	    if (simpleKeys) {
	        if (keyComment) {
	            throw new Error('With simple keys, key nodes cannot have comments');
	        }
	        if (identity.isCollection(key) || (!identity.isNode(key) && typeof key === 'object')) {
	            const msg = 'With simple keys, collection cannot be used as a key value';
	            throw new Error(msg);
	        }
	    }
	    let explicitKey = !simpleKeys &&
	        (!key ||
	            (keyComment && value == null && !ctx.inFlow) ||
	            identity.isCollection(key) ||
	            (identity.isScalar(key)
	                ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL
	                : typeof key === 'object'));
	    ctx = Object.assign({}, ctx, {
	        allNullValues: false,
	        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
	        indent: indent + indentStep
	    });
	    let keyCommentDone = false;
	    let chompKeep = false;
	    let str = stringify.stringify(key, ctx, () => (keyCommentDone = true), () => (chompKeep = true));
	    if (!explicitKey && !ctx.inFlow && str.length > 1024) {
	        if (simpleKeys)
	            throw new Error('With simple keys, single line scalar must not span more than 1024 characters');
	        explicitKey = true;
	    }
	    if (ctx.inFlow) {
	        if (allNullValues || value == null) {
	            if (keyCommentDone && onComment)
	                onComment();
	            return str === '' ? '?' : explicitKey ? `? ${str}` : str;
	        }
	    }
	    else if ((allNullValues && !simpleKeys) || (value == null && explicitKey)) {
	        str = `? ${str}`;
	        if (keyComment && !keyCommentDone) {
	            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
	        }
	        else if (chompKeep && onChompKeep)
	            onChompKeep();
	        return str;
	    }
	    if (keyCommentDone)
	        keyComment = null;
	    if (explicitKey) {
	        if (keyComment)
	            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
	        str = `? ${str}\n${indent}:`;
	    }
	    else {
	        str = `${str}:`;
	        if (keyComment)
	            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
	    }
	    let vsb, vcb, valueComment;
	    if (identity.isNode(value)) {
	        vsb = !!value.spaceBefore;
	        vcb = value.commentBefore;
	        valueComment = value.comment;
	    }
	    else {
	        vsb = false;
	        vcb = null;
	        valueComment = null;
	        if (value && typeof value === 'object')
	            value = doc.createNode(value);
	    }
	    ctx.implicitKey = false;
	    if (!explicitKey && !keyComment && identity.isScalar(value))
	        ctx.indentAtStart = str.length + 1;
	    chompKeep = false;
	    if (!indentSeq &&
	        indentStep.length >= 2 &&
	        !ctx.inFlow &&
	        !explicitKey &&
	        identity.isSeq(value) &&
	        !value.flow &&
	        !value.tag &&
	        !value.anchor) {
	        // If indentSeq === false, consider '- ' as part of indentation where possible
	        ctx.indent = ctx.indent.substring(2);
	    }
	    let valueCommentDone = false;
	    const valueStr = stringify.stringify(value, ctx, () => (valueCommentDone = true), () => (chompKeep = true));
	    let ws = ' ';
	    if (keyComment || vsb || vcb) {
	        ws = vsb ? '\n' : '';
	        if (vcb) {
	            const cs = commentString(vcb);
	            ws += `\n${stringifyComment.indentComment(cs, ctx.indent)}`;
	        }
	        if (valueStr === '' && !ctx.inFlow) {
	            if (ws === '\n' && valueComment)
	                ws = '\n\n';
	        }
	        else {
	            ws += `\n${ctx.indent}`;
	        }
	    }
	    else if (!explicitKey && identity.isCollection(value)) {
	        const vs0 = valueStr[0];
	        const nl0 = valueStr.indexOf('\n');
	        const hasNewline = nl0 !== -1;
	        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
	        if (hasNewline || !flow) {
	            let hasPropsLine = false;
	            if (hasNewline && (vs0 === '&' || vs0 === '!')) {
	                let sp0 = valueStr.indexOf(' ');
	                if (vs0 === '&' &&
	                    sp0 !== -1 &&
	                    sp0 < nl0 &&
	                    valueStr[sp0 + 1] === '!') {
	                    sp0 = valueStr.indexOf(' ', sp0 + 1);
	                }
	                if (sp0 === -1 || nl0 < sp0)
	                    hasPropsLine = true;
	            }
	            if (!hasPropsLine)
	                ws = `\n${ctx.indent}`;
	        }
	    }
	    else if (valueStr === '' || valueStr[0] === '\n') {
	        ws = '';
	    }
	    str += ws + valueStr;
	    if (ctx.inFlow) {
	        if (valueCommentDone && onComment)
	            onComment();
	    }
	    else if (valueComment && !valueCommentDone) {
	        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
	    }
	    else if (chompKeep && onChompKeep) {
	        onChompKeep();
	    }
	    return str;
	}

	stringifyPair.stringifyPair = stringifyPair$1;
	return stringifyPair;
}

var addPairToJSMap = {};

var log = {};

var hasRequiredLog;

function requireLog () {
	if (hasRequiredLog) return log;
	hasRequiredLog = 1;

	var node_process = require$$0;

	function debug(logLevel, ...messages) {
	    if (logLevel === 'debug')
	        console.log(...messages);
	}
	function warn(logLevel, warning) {
	    if (logLevel === 'debug' || logLevel === 'warn') {
	        if (typeof node_process.emitWarning === 'function')
	            node_process.emitWarning(warning);
	        else
	            console.warn(warning);
	    }
	}

	log.debug = debug;
	log.warn = warn;
	return log;
}

var merge$1 = {};

var hasRequiredMerge;

function requireMerge () {
	if (hasRequiredMerge) return merge$1;
	hasRequiredMerge = 1;

	var identity = requireIdentity();
	var Scalar = requireScalar();

	// If the value associated with a merge key is a single mapping node, each of
	// its key/value pairs is inserted into the current mapping, unless the key
	// already exists in it. If the value associated with the merge key is a
	// sequence, then this sequence is expected to contain mapping nodes and each
	// of these nodes is merged in turn according to its order in the sequence.
	// Keys in mapping nodes earlier in the sequence override keys specified in
	// later mapping nodes. -- http://yaml.org/type/merge.html
	const MERGE_KEY = '<<';
	const merge = {
	    identify: value => value === MERGE_KEY ||
	        (typeof value === 'symbol' && value.description === MERGE_KEY),
	    default: 'key',
	    tag: 'tag:yaml.org,2002:merge',
	    test: /^<<$/,
	    resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
	        addToJSMap: addMergeToJSMap
	    }),
	    stringify: () => MERGE_KEY
	};
	const isMergeKey = (ctx, key) => (merge.identify(key) ||
	    (identity.isScalar(key) &&
	        (!key.type || key.type === Scalar.Scalar.PLAIN) &&
	        merge.identify(key.value))) &&
	    ctx?.doc.schema.tags.some(tag => tag.tag === merge.tag && tag.default);
	function addMergeToJSMap(ctx, map, value) {
	    const source = resolveAliasValue(ctx, value);
	    if (identity.isSeq(source))
	        for (const it of source.items)
	            mergeValue(ctx, map, it);
	    else if (Array.isArray(source))
	        for (const it of source)
	            mergeValue(ctx, map, it);
	    else
	        mergeValue(ctx, map, source);
	}
	function mergeValue(ctx, map, value) {
	    const source = resolveAliasValue(ctx, value);
	    if (!identity.isMap(source))
	        throw new Error('Merge sources must be maps or map aliases');
	    const srcMap = source.toJSON(null, ctx, Map);
	    for (const [key, value] of srcMap) {
	        if (map instanceof Map) {
	            if (!map.has(key))
	                map.set(key, value);
	        }
	        else if (map instanceof Set) {
	            map.add(key);
	        }
	        else if (!Object.prototype.hasOwnProperty.call(map, key)) {
	            Object.defineProperty(map, key, {
	                value,
	                writable: true,
	                enumerable: true,
	                configurable: true
	            });
	        }
	    }
	    return map;
	}
	function resolveAliasValue(ctx, value) {
	    return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
	}

	merge$1.addMergeToJSMap = addMergeToJSMap;
	merge$1.isMergeKey = isMergeKey;
	merge$1.merge = merge;
	return merge$1;
}

var hasRequiredAddPairToJSMap;

function requireAddPairToJSMap () {
	if (hasRequiredAddPairToJSMap) return addPairToJSMap;
	hasRequiredAddPairToJSMap = 1;

	var log = requireLog();
	var merge = requireMerge();
	var stringify = requireStringify();
	var identity = requireIdentity();
	var toJS = requireToJS();

	function addPairToJSMap$1(ctx, map, { key, value }) {
	    if (identity.isNode(key) && key.addToJSMap)
	        key.addToJSMap(ctx, map, value);
	    // TODO: Should drop this special case for bare << handling
	    else if (merge.isMergeKey(ctx, key))
	        merge.addMergeToJSMap(ctx, map, value);
	    else {
	        const jsKey = toJS.toJS(key, '', ctx);
	        if (map instanceof Map) {
	            map.set(jsKey, toJS.toJS(value, jsKey, ctx));
	        }
	        else if (map instanceof Set) {
	            map.add(jsKey);
	        }
	        else {
	            const stringKey = stringifyKey(key, jsKey, ctx);
	            const jsValue = toJS.toJS(value, stringKey, ctx);
	            if (stringKey in map)
	                Object.defineProperty(map, stringKey, {
	                    value: jsValue,
	                    writable: true,
	                    enumerable: true,
	                    configurable: true
	                });
	            else
	                map[stringKey] = jsValue;
	        }
	    }
	    return map;
	}
	function stringifyKey(key, jsKey, ctx) {
	    if (jsKey === null)
	        return '';
	    // eslint-disable-next-line @typescript-eslint/no-base-to-string
	    if (typeof jsKey !== 'object')
	        return String(jsKey);
	    if (identity.isNode(key) && ctx?.doc) {
	        const strCtx = stringify.createStringifyContext(ctx.doc, {});
	        strCtx.anchors = new Set();
	        for (const node of ctx.anchors.keys())
	            strCtx.anchors.add(node.anchor);
	        strCtx.inFlow = true;
	        strCtx.inStringifyKey = true;
	        const strKey = key.toString(strCtx);
	        if (!ctx.mapKeyWarned) {
	            let jsonStr = JSON.stringify(strKey);
	            if (jsonStr.length > 40)
	                jsonStr = jsonStr.substring(0, 36) + '..."';
	            log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
	            ctx.mapKeyWarned = true;
	        }
	        return strKey;
	    }
	    return JSON.stringify(jsKey);
	}

	addPairToJSMap.addPairToJSMap = addPairToJSMap$1;
	return addPairToJSMap;
}

var hasRequiredPair;

function requirePair () {
	if (hasRequiredPair) return Pair;
	hasRequiredPair = 1;

	var createNode = requireCreateNode();
	var stringifyPair = requireStringifyPair();
	var addPairToJSMap = requireAddPairToJSMap();
	var identity = requireIdentity();

	function createPair(key, value, ctx) {
	    const k = createNode.createNode(key, undefined, ctx);
	    const v = createNode.createNode(value, undefined, ctx);
	    return new Pair$1(k, v);
	}
	let Pair$1 = class Pair {
	    constructor(key, value = null) {
	        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
	        this.key = key;
	        this.value = value;
	    }
	    clone(schema) {
	        let { key, value } = this;
	        if (identity.isNode(key))
	            key = key.clone(schema);
	        if (identity.isNode(value))
	            value = value.clone(schema);
	        return new Pair(key, value);
	    }
	    toJSON(_, ctx) {
	        const pair = ctx?.mapAsMap ? new Map() : {};
	        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
	    }
	    toString(ctx, onComment, onChompKeep) {
	        return ctx?.doc
	            ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep)
	            : JSON.stringify(this);
	    }
	};

	Pair.Pair = Pair$1;
	Pair.createPair = createPair;
	return Pair;
}

var Schema = {};

var map = {};

var YAMLMap = {};

var stringifyCollection = {};

var hasRequiredStringifyCollection;

function requireStringifyCollection () {
	if (hasRequiredStringifyCollection) return stringifyCollection;
	hasRequiredStringifyCollection = 1;

	var identity = requireIdentity();
	var stringify = requireStringify();
	var stringifyComment = requireStringifyComment();

	function stringifyCollection$1(collection, ctx, options) {
	    const flow = ctx.inFlow ?? collection.flow;
	    const stringify = flow ? stringifyFlowCollection : stringifyBlockCollection;
	    return stringify(collection, ctx, options);
	}
	function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
	    const { indent, options: { commentString } } = ctx;
	    const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
	    let chompKeep = false; // flag for the preceding node's status
	    const lines = [];
	    for (let i = 0; i < items.length; ++i) {
	        const item = items[i];
	        let comment = null;
	        if (identity.isNode(item)) {
	            if (!chompKeep && item.spaceBefore)
	                lines.push('');
	            addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
	            if (item.comment)
	                comment = item.comment;
	        }
	        else if (identity.isPair(item)) {
	            const ik = identity.isNode(item.key) ? item.key : null;
	            if (ik) {
	                if (!chompKeep && ik.spaceBefore)
	                    lines.push('');
	                addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
	            }
	        }
	        chompKeep = false;
	        let str = stringify.stringify(item, itemCtx, () => (comment = null), () => (chompKeep = true));
	        if (comment)
	            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
	        if (chompKeep && comment)
	            chompKeep = false;
	        lines.push(blockItemPrefix + str);
	    }
	    let str;
	    if (lines.length === 0) {
	        str = flowChars.start + flowChars.end;
	    }
	    else {
	        str = lines[0];
	        for (let i = 1; i < lines.length; ++i) {
	            const line = lines[i];
	            str += line ? `\n${indent}${line}` : '\n';
	        }
	    }
	    if (comment) {
	        str += '\n' + stringifyComment.indentComment(commentString(comment), indent);
	        if (onComment)
	            onComment();
	    }
	    else if (chompKeep && onChompKeep)
	        onChompKeep();
	    return str;
	}
	function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
	    const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
	    itemIndent += indentStep;
	    const itemCtx = Object.assign({}, ctx, {
	        indent: itemIndent,
	        inFlow: true,
	        type: null
	    });
	    let reqNewline = false;
	    let linesAtValue = 0;
	    const lines = [];
	    for (let i = 0; i < items.length; ++i) {
	        const item = items[i];
	        let comment = null;
	        if (identity.isNode(item)) {
	            if (item.spaceBefore)
	                lines.push('');
	            addCommentBefore(ctx, lines, item.commentBefore, false);
	            if (item.comment)
	                comment = item.comment;
	        }
	        else if (identity.isPair(item)) {
	            const ik = identity.isNode(item.key) ? item.key : null;
	            if (ik) {
	                if (ik.spaceBefore)
	                    lines.push('');
	                addCommentBefore(ctx, lines, ik.commentBefore, false);
	                if (ik.comment)
	                    reqNewline = true;
	            }
	            const iv = identity.isNode(item.value) ? item.value : null;
	            if (iv) {
	                if (iv.comment)
	                    comment = iv.comment;
	                if (iv.commentBefore)
	                    reqNewline = true;
	            }
	            else if (item.value == null && ik?.comment) {
	                comment = ik.comment;
	            }
	        }
	        if (comment)
	            reqNewline = true;
	        let str = stringify.stringify(item, itemCtx, () => (comment = null));
	        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes('\n'));
	        if (i < items.length - 1) {
	            str += ',';
	        }
	        else if (ctx.options.trailingComma) {
	            if (ctx.options.lineWidth > 0) {
	                reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) +
	                    (str.length + 2) >
	                    ctx.options.lineWidth);
	            }
	            if (reqNewline) {
	                str += ',';
	            }
	        }
	        if (comment)
	            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
	        lines.push(str);
	        linesAtValue = lines.length;
	    }
	    const { start, end } = flowChars;
	    if (lines.length === 0) {
	        return start + end;
	    }
	    else {
	        if (!reqNewline) {
	            const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
	            reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
	        }
	        if (reqNewline) {
	            let str = start;
	            for (const line of lines)
	                str += line ? `\n${indentStep}${indent}${line}` : '\n';
	            return `${str}\n${indent}${end}`;
	        }
	        else {
	            return `${start}${fcPadding}${lines.join(' ')}${fcPadding}${end}`;
	        }
	    }
	}
	function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
	    if (comment && chompKeep)
	        comment = comment.replace(/^\n+/, '');
	    if (comment) {
	        const ic = stringifyComment.indentComment(commentString(comment), indent);
	        lines.push(ic.trimStart()); // Avoid double indent on first line
	    }
	}

	stringifyCollection.stringifyCollection = stringifyCollection$1;
	return stringifyCollection;
}

var hasRequiredYAMLMap;

function requireYAMLMap () {
	if (hasRequiredYAMLMap) return YAMLMap;
	hasRequiredYAMLMap = 1;

	var stringifyCollection = requireStringifyCollection();
	var addPairToJSMap = requireAddPairToJSMap();
	var Collection = requireCollection();
	var identity = requireIdentity();
	var Pair = requirePair();
	var Scalar = requireScalar();

	function findPair(items, key) {
	    const k = identity.isScalar(key) ? key.value : key;
	    for (const it of items) {
	        if (identity.isPair(it)) {
	            if (it.key === key || it.key === k)
	                return it;
	            if (identity.isScalar(it.key) && it.key.value === k)
	                return it;
	        }
	    }
	    return undefined;
	}
	let YAMLMap$1 = class YAMLMap extends Collection.Collection {
	    static get tagName() {
	        return 'tag:yaml.org,2002:map';
	    }
	    constructor(schema) {
	        super(identity.MAP, schema);
	        this.items = [];
	    }
	    /**
	     * A generic collection parsing method that can be extended
	     * to other node classes that inherit from YAMLMap
	     */
	    static from(schema, obj, ctx) {
	        const { keepUndefined, replacer } = ctx;
	        const map = new this(schema);
	        const add = (key, value) => {
	            if (typeof replacer === 'function')
	                value = replacer.call(obj, key, value);
	            else if (Array.isArray(replacer) && !replacer.includes(key))
	                return;
	            if (value !== undefined || keepUndefined)
	                map.items.push(Pair.createPair(key, value, ctx));
	        };
	        if (obj instanceof Map) {
	            for (const [key, value] of obj)
	                add(key, value);
	        }
	        else if (obj && typeof obj === 'object') {
	            for (const key of Object.keys(obj))
	                add(key, obj[key]);
	        }
	        if (typeof schema.sortMapEntries === 'function') {
	            map.items.sort(schema.sortMapEntries);
	        }
	        return map;
	    }
	    /**
	     * Adds a value to the collection.
	     *
	     * @param overwrite - If not set `true`, using a key that is already in the
	     *   collection will throw. Otherwise, overwrites the previous value.
	     */
	    add(pair, overwrite) {
	        let _pair;
	        if (identity.isPair(pair))
	            _pair = pair;
	        else if (!pair || typeof pair !== 'object' || !('key' in pair)) {
	            // In TypeScript, this never happens.
	            _pair = new Pair.Pair(pair, pair?.value);
	        }
	        else
	            _pair = new Pair.Pair(pair.key, pair.value);
	        const prev = findPair(this.items, _pair.key);
	        const sortEntries = this.schema?.sortMapEntries;
	        if (prev) {
	            if (!overwrite)
	                throw new Error(`Key ${_pair.key} already set`);
	            // For scalars, keep the old node & its comments and anchors
	            if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
	                prev.value.value = _pair.value;
	            else
	                prev.value = _pair.value;
	        }
	        else if (sortEntries) {
	            const i = this.items.findIndex(item => sortEntries(_pair, item) < 0);
	            if (i === -1)
	                this.items.push(_pair);
	            else
	                this.items.splice(i, 0, _pair);
	        }
	        else {
	            this.items.push(_pair);
	        }
	    }
	    delete(key) {
	        const it = findPair(this.items, key);
	        if (!it)
	            return false;
	        const del = this.items.splice(this.items.indexOf(it), 1);
	        return del.length > 0;
	    }
	    get(key, keepScalar) {
	        const it = findPair(this.items, key);
	        const node = it?.value;
	        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? undefined;
	    }
	    has(key) {
	        return !!findPair(this.items, key);
	    }
	    set(key, value) {
	        this.add(new Pair.Pair(key, value), true);
	    }
	    /**
	     * @param ctx - Conversion context, originally set in Document#toJS()
	     * @param {Class} Type - If set, forces the returned collection type
	     * @returns Instance of Type, Map, or Object
	     */
	    toJSON(_, ctx, Type) {
	        const map = Type ? new Type() : ctx?.mapAsMap ? new Map() : {};
	        if (ctx?.onCreate)
	            ctx.onCreate(map);
	        for (const item of this.items)
	            addPairToJSMap.addPairToJSMap(ctx, map, item);
	        return map;
	    }
	    toString(ctx, onComment, onChompKeep) {
	        if (!ctx)
	            return JSON.stringify(this);
	        for (const item of this.items) {
	            if (!identity.isPair(item))
	                throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
	        }
	        if (!ctx.allNullValues && this.hasAllNullValues(false))
	            ctx = Object.assign({}, ctx, { allNullValues: true });
	        return stringifyCollection.stringifyCollection(this, ctx, {
	            blockItemPrefix: '',
	            flowChars: { start: '{', end: '}' },
	            itemIndent: ctx.indent || '',
	            onChompKeep,
	            onComment
	        });
	    }
	};

	YAMLMap.YAMLMap = YAMLMap$1;
	YAMLMap.findPair = findPair;
	return YAMLMap;
}

var hasRequiredMap;

function requireMap () {
	if (hasRequiredMap) return map;
	hasRequiredMap = 1;

	var identity = requireIdentity();
	var YAMLMap = requireYAMLMap();

	const map$1 = {
	    collection: 'map',
	    default: true,
	    nodeClass: YAMLMap.YAMLMap,
	    tag: 'tag:yaml.org,2002:map',
	    resolve(map, onError) {
	        if (!identity.isMap(map))
	            onError('Expected a mapping for this tag');
	        return map;
	    },
	    createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
	};

	map.map = map$1;
	return map;
}

var seq = {};

var YAMLSeq = {};

var hasRequiredYAMLSeq;

function requireYAMLSeq () {
	if (hasRequiredYAMLSeq) return YAMLSeq;
	hasRequiredYAMLSeq = 1;

	var createNode = requireCreateNode();
	var stringifyCollection = requireStringifyCollection();
	var Collection = requireCollection();
	var identity = requireIdentity();
	var Scalar = requireScalar();
	var toJS = requireToJS();

	let YAMLSeq$1 = class YAMLSeq extends Collection.Collection {
	    static get tagName() {
	        return 'tag:yaml.org,2002:seq';
	    }
	    constructor(schema) {
	        super(identity.SEQ, schema);
	        this.items = [];
	    }
	    add(value) {
	        this.items.push(value);
	    }
	    /**
	     * Removes a value from the collection.
	     *
	     * `key` must contain a representation of an integer for this to succeed.
	     * It may be wrapped in a `Scalar`.
	     *
	     * @returns `true` if the item was found and removed.
	     */
	    delete(key) {
	        const idx = asItemIndex(key);
	        if (typeof idx !== 'number')
	            return false;
	        const del = this.items.splice(idx, 1);
	        return del.length > 0;
	    }
	    get(key, keepScalar) {
	        const idx = asItemIndex(key);
	        if (typeof idx !== 'number')
	            return undefined;
	        const it = this.items[idx];
	        return !keepScalar && identity.isScalar(it) ? it.value : it;
	    }
	    /**
	     * Checks if the collection includes a value with the key `key`.
	     *
	     * `key` must contain a representation of an integer for this to succeed.
	     * It may be wrapped in a `Scalar`.
	     */
	    has(key) {
	        const idx = asItemIndex(key);
	        return typeof idx === 'number' && idx < this.items.length;
	    }
	    /**
	     * Sets a value in this collection. For `!!set`, `value` needs to be a
	     * boolean to add/remove the item from the set.
	     *
	     * If `key` does not contain a representation of an integer, this will throw.
	     * It may be wrapped in a `Scalar`.
	     */
	    set(key, value) {
	        const idx = asItemIndex(key);
	        if (typeof idx !== 'number')
	            throw new Error(`Expected a valid index, not ${key}.`);
	        const prev = this.items[idx];
	        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
	            prev.value = value;
	        else
	            this.items[idx] = value;
	    }
	    toJSON(_, ctx) {
	        const seq = [];
	        if (ctx?.onCreate)
	            ctx.onCreate(seq);
	        let i = 0;
	        for (const item of this.items)
	            seq.push(toJS.toJS(item, String(i++), ctx));
	        return seq;
	    }
	    toString(ctx, onComment, onChompKeep) {
	        if (!ctx)
	            return JSON.stringify(this);
	        return stringifyCollection.stringifyCollection(this, ctx, {
	            blockItemPrefix: '- ',
	            flowChars: { start: '[', end: ']' },
	            itemIndent: (ctx.indent || '') + '  ',
	            onChompKeep,
	            onComment
	        });
	    }
	    static from(schema, obj, ctx) {
	        const { replacer } = ctx;
	        const seq = new this(schema);
	        if (obj && Symbol.iterator in Object(obj)) {
	            let i = 0;
	            for (let it of obj) {
	                if (typeof replacer === 'function') {
	                    const key = obj instanceof Set ? it : String(i++);
	                    it = replacer.call(obj, key, it);
	                }
	                seq.items.push(createNode.createNode(it, undefined, ctx));
	            }
	        }
	        return seq;
	    }
	};
	function asItemIndex(key) {
	    let idx = identity.isScalar(key) ? key.value : key;
	    if (idx && typeof idx === 'string')
	        idx = Number(idx);
	    return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0
	        ? idx
	        : null;
	}

	YAMLSeq.YAMLSeq = YAMLSeq$1;
	return YAMLSeq;
}

var hasRequiredSeq;

function requireSeq () {
	if (hasRequiredSeq) return seq;
	hasRequiredSeq = 1;

	var identity = requireIdentity();
	var YAMLSeq = requireYAMLSeq();

	const seq$1 = {
	    collection: 'seq',
	    default: true,
	    nodeClass: YAMLSeq.YAMLSeq,
	    tag: 'tag:yaml.org,2002:seq',
	    resolve(seq, onError) {
	        if (!identity.isSeq(seq))
	            onError('Expected a sequence for this tag');
	        return seq;
	    },
	    createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
	};

	seq.seq = seq$1;
	return seq;
}

var string$1 = {};

var hasRequiredString;

function requireString () {
	if (hasRequiredString) return string$1;
	hasRequiredString = 1;

	var stringifyString = requireStringifyString();

	const string = {
	    identify: value => typeof value === 'string',
	    default: true,
	    tag: 'tag:yaml.org,2002:str',
	    resolve: str => str,
	    stringify(item, ctx, onComment, onChompKeep) {
	        ctx = Object.assign({ actualString: true }, ctx);
	        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
	    }
	};

	string$1.string = string;
	return string$1;
}

var tags = {};

var _null = {};

var hasRequired_null;

function require_null () {
	if (hasRequired_null) return _null;
	hasRequired_null = 1;

	var Scalar = requireScalar();

	const nullTag = {
	    identify: value => value == null,
	    createNode: () => new Scalar.Scalar(null),
	    default: true,
	    tag: 'tag:yaml.org,2002:null',
	    test: /^(?:~|[Nn]ull|NULL)?$/,
	    resolve: () => new Scalar.Scalar(null),
	    stringify: ({ source }, ctx) => typeof source === 'string' && nullTag.test.test(source)
	        ? source
	        : ctx.options.nullStr
	};

	_null.nullTag = nullTag;
	return _null;
}

var bool$1 = {};

var hasRequiredBool$1;

function requireBool$1 () {
	if (hasRequiredBool$1) return bool$1;
	hasRequiredBool$1 = 1;

	var Scalar = requireScalar();

	const boolTag = {
	    identify: value => typeof value === 'boolean',
	    default: true,
	    tag: 'tag:yaml.org,2002:bool',
	    test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
	    resolve: str => new Scalar.Scalar(str[0] === 't' || str[0] === 'T'),
	    stringify({ source, value }, ctx) {
	        if (source && boolTag.test.test(source)) {
	            const sv = source[0] === 't' || source[0] === 'T';
	            if (value === sv)
	                return source;
	        }
	        return value ? ctx.options.trueStr : ctx.options.falseStr;
	    }
	};

	bool$1.boolTag = boolTag;
	return bool$1;
}

var float$1 = {};

var stringifyNumber = {};

var hasRequiredStringifyNumber;

function requireStringifyNumber () {
	if (hasRequiredStringifyNumber) return stringifyNumber;
	hasRequiredStringifyNumber = 1;

	function stringifyNumber$1({ format, minFractionDigits, tag, value }) {
	    if (typeof value === 'bigint')
	        return String(value);
	    const num = typeof value === 'number' ? value : Number(value);
	    if (!isFinite(num))
	        return isNaN(num) ? '.nan' : num < 0 ? '-.inf' : '.inf';
	    let n = Object.is(value, -0) ? '-0' : JSON.stringify(value);
	    if (!format &&
	        minFractionDigits &&
	        (!tag || tag === 'tag:yaml.org,2002:float') &&
	        /^-?\d/.test(n) &&
	        !n.includes('e')) {
	        let i = n.indexOf('.');
	        if (i < 0) {
	            i = n.length;
	            n += '.';
	        }
	        let d = minFractionDigits - (n.length - i - 1);
	        while (d-- > 0)
	            n += '0';
	    }
	    return n;
	}

	stringifyNumber.stringifyNumber = stringifyNumber$1;
	return stringifyNumber;
}

var hasRequiredFloat$1;

function requireFloat$1 () {
	if (hasRequiredFloat$1) return float$1;
	hasRequiredFloat$1 = 1;

	var Scalar = requireScalar();
	var stringifyNumber = requireStringifyNumber();

	const floatNaN = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
	    resolve: str => str.slice(-3).toLowerCase() === 'nan'
	        ? NaN
	        : str[0] === '-'
	            ? Number.NEGATIVE_INFINITY
	            : Number.POSITIVE_INFINITY,
	    stringify: stringifyNumber.stringifyNumber
	};
	const floatExp = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    format: 'EXP',
	    test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
	    resolve: str => parseFloat(str),
	    stringify(node) {
	        const num = Number(node.value);
	        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
	    }
	};
	const float = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
	    resolve(str) {
	        const node = new Scalar.Scalar(parseFloat(str));
	        const dot = str.indexOf('.');
	        if (dot !== -1 && str[str.length - 1] === '0')
	            node.minFractionDigits = str.length - dot - 1;
	        return node;
	    },
	    stringify: stringifyNumber.stringifyNumber
	};

	float$1.float = float;
	float$1.floatExp = floatExp;
	float$1.floatNaN = floatNaN;
	return float$1;
}

var int$2 = {};

var hasRequiredInt$1;

function requireInt$1 () {
	if (hasRequiredInt$1) return int$2;
	hasRequiredInt$1 = 1;

	var stringifyNumber = requireStringifyNumber();

	const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
	const intResolve = (str, offset, radix, { intAsBigInt }) => (intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix));
	function intStringify(node, radix, prefix) {
	    const { value } = node;
	    if (intIdentify(value) && value >= 0)
	        return prefix + value.toString(radix);
	    return stringifyNumber.stringifyNumber(node);
	}
	const intOct = {
	    identify: value => intIdentify(value) && value >= 0,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'OCT',
	    test: /^0o[0-7]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
	    stringify: node => intStringify(node, 8, '0o')
	};
	const int = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    test: /^[-+]?[0-9]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
	    stringify: stringifyNumber.stringifyNumber
	};
	const intHex = {
	    identify: value => intIdentify(value) && value >= 0,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'HEX',
	    test: /^0x[0-9a-fA-F]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
	    stringify: node => intStringify(node, 16, '0x')
	};

	int$2.int = int;
	int$2.intHex = intHex;
	int$2.intOct = intOct;
	return int$2;
}

var schema$2 = {};

var hasRequiredSchema$3;

function requireSchema$3 () {
	if (hasRequiredSchema$3) return schema$2;
	hasRequiredSchema$3 = 1;

	var map = requireMap();
	var _null = require_null();
	var seq = requireSeq();
	var string = requireString();
	var bool = requireBool$1();
	var float = requireFloat$1();
	var int = requireInt$1();

	const schema = [
	    map.map,
	    seq.seq,
	    string.string,
	    _null.nullTag,
	    bool.boolTag,
	    int.intOct,
	    int.int,
	    int.intHex,
	    float.floatNaN,
	    float.floatExp,
	    float.float
	];

	schema$2.schema = schema;
	return schema$2;
}

var schema$1 = {};

var hasRequiredSchema$2;

function requireSchema$2 () {
	if (hasRequiredSchema$2) return schema$1;
	hasRequiredSchema$2 = 1;

	var Scalar = requireScalar();
	var map = requireMap();
	var seq = requireSeq();

	function intIdentify(value) {
	    return typeof value === 'bigint' || Number.isInteger(value);
	}
	const stringifyJSON = ({ value }) => JSON.stringify(value);
	const jsonScalars = [
	    {
	        identify: value => typeof value === 'string',
	        default: true,
	        tag: 'tag:yaml.org,2002:str',
	        resolve: str => str,
	        stringify: stringifyJSON
	    },
	    {
	        identify: value => value == null,
	        createNode: () => new Scalar.Scalar(null),
	        default: true,
	        tag: 'tag:yaml.org,2002:null',
	        test: /^null$/,
	        resolve: () => null,
	        stringify: stringifyJSON
	    },
	    {
	        identify: value => typeof value === 'boolean',
	        default: true,
	        tag: 'tag:yaml.org,2002:bool',
	        test: /^true$|^false$/,
	        resolve: str => str === 'true',
	        stringify: stringifyJSON
	    },
	    {
	        identify: intIdentify,
	        default: true,
	        tag: 'tag:yaml.org,2002:int',
	        test: /^-?(?:0|[1-9][0-9]*)$/,
	        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
	        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
	    },
	    {
	        identify: value => typeof value === 'number',
	        default: true,
	        tag: 'tag:yaml.org,2002:float',
	        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
	        resolve: str => parseFloat(str),
	        stringify: stringifyJSON
	    }
	];
	const jsonError = {
	    default: true,
	    tag: '',
	    test: /^/,
	    resolve(str, onError) {
	        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
	        return str;
	    }
	};
	const schema = [map.map, seq.seq].concat(jsonScalars, jsonError);

	schema$1.schema = schema;
	return schema$1;
}

var binary = {};

var hasRequiredBinary;

function requireBinary () {
	if (hasRequiredBinary) return binary;
	hasRequiredBinary = 1;

	var node_buffer = require$$0$1;
	var Scalar = requireScalar();
	var stringifyString = requireStringifyString();

	const binary$1 = {
	    identify: value => value instanceof Uint8Array, // Buffer inherits from Uint8Array
	    default: false,
	    tag: 'tag:yaml.org,2002:binary',
	    /**
	     * Returns a Buffer in node and an Uint8Array in browsers
	     *
	     * To use the resulting buffer as an image, you'll want to do something like:
	     *
	     *   const blob = new Blob([buffer], { type: 'image/jpeg' })
	     *   document.querySelector('#photo').src = URL.createObjectURL(blob)
	     */
	    resolve(src, onError) {
	        if (typeof node_buffer.Buffer === 'function') {
	            return node_buffer.Buffer.from(src, 'base64');
	        }
	        else if (typeof atob === 'function') {
	            // On IE 11, atob() can't handle newlines
	            const str = atob(src.replace(/[\n\r]/g, ''));
	            const buffer = new Uint8Array(str.length);
	            for (let i = 0; i < str.length; ++i)
	                buffer[i] = str.charCodeAt(i);
	            return buffer;
	        }
	        else {
	            onError('This environment does not support reading binary tags; either Buffer or atob is required');
	            return src;
	        }
	    },
	    stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
	        if (!value)
	            return '';
	        const buf = value; // checked earlier by binary.identify()
	        let str;
	        if (typeof node_buffer.Buffer === 'function') {
	            str =
	                buf instanceof node_buffer.Buffer
	                    ? buf.toString('base64')
	                    : node_buffer.Buffer.from(buf.buffer).toString('base64');
	        }
	        else if (typeof btoa === 'function') {
	            let s = '';
	            for (let i = 0; i < buf.length; ++i)
	                s += String.fromCharCode(buf[i]);
	            str = btoa(s);
	        }
	        else {
	            throw new Error('This environment does not support writing binary tags; either Buffer or btoa is required');
	        }
	        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
	        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
	            const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
	            const n = Math.ceil(str.length / lineWidth);
	            const lines = new Array(n);
	            for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
	                lines[i] = str.substr(o, lineWidth);
	            }
	            str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? '\n' : ' ');
	        }
	        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
	    }
	};

	binary.binary = binary$1;
	return binary;
}

var omap = {};

var pairs = {};

var hasRequiredPairs;

function requirePairs () {
	if (hasRequiredPairs) return pairs;
	hasRequiredPairs = 1;

	var identity = requireIdentity();
	var Pair = requirePair();
	var Scalar = requireScalar();
	var YAMLSeq = requireYAMLSeq();

	function resolvePairs(seq, onError) {
	    if (identity.isSeq(seq)) {
	        for (let i = 0; i < seq.items.length; ++i) {
	            let item = seq.items[i];
	            if (identity.isPair(item))
	                continue;
	            else if (identity.isMap(item)) {
	                if (item.items.length > 1)
	                    onError('Each pair must have its own sequence indicator');
	                const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
	                if (item.commentBefore)
	                    pair.key.commentBefore = pair.key.commentBefore
	                        ? `${item.commentBefore}\n${pair.key.commentBefore}`
	                        : item.commentBefore;
	                if (item.comment) {
	                    const cn = pair.value ?? pair.key;
	                    cn.comment = cn.comment
	                        ? `${item.comment}\n${cn.comment}`
	                        : item.comment;
	                }
	                item = pair;
	            }
	            seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
	        }
	    }
	    else
	        onError('Expected a sequence for this tag');
	    return seq;
	}
	function createPairs(schema, iterable, ctx) {
	    const { replacer } = ctx;
	    const pairs = new YAMLSeq.YAMLSeq(schema);
	    pairs.tag = 'tag:yaml.org,2002:pairs';
	    let i = 0;
	    if (iterable && Symbol.iterator in Object(iterable))
	        for (let it of iterable) {
	            if (typeof replacer === 'function')
	                it = replacer.call(iterable, String(i++), it);
	            let key, value;
	            if (Array.isArray(it)) {
	                if (it.length === 2) {
	                    key = it[0];
	                    value = it[1];
	                }
	                else
	                    throw new TypeError(`Expected [key, value] tuple: ${it}`);
	            }
	            else if (it && it instanceof Object) {
	                const keys = Object.keys(it);
	                if (keys.length === 1) {
	                    key = keys[0];
	                    value = it[key];
	                }
	                else {
	                    throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
	                }
	            }
	            else {
	                key = it;
	            }
	            pairs.items.push(Pair.createPair(key, value, ctx));
	        }
	    return pairs;
	}
	const pairs$1 = {
	    collection: 'seq',
	    default: false,
	    tag: 'tag:yaml.org,2002:pairs',
	    resolve: resolvePairs,
	    createNode: createPairs
	};

	pairs.createPairs = createPairs;
	pairs.pairs = pairs$1;
	pairs.resolvePairs = resolvePairs;
	return pairs;
}

var hasRequiredOmap;

function requireOmap () {
	if (hasRequiredOmap) return omap;
	hasRequiredOmap = 1;

	var identity = requireIdentity();
	var toJS = requireToJS();
	var YAMLMap = requireYAMLMap();
	var YAMLSeq = requireYAMLSeq();
	var pairs = requirePairs();

	class YAMLOMap extends YAMLSeq.YAMLSeq {
	    constructor() {
	        super();
	        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
	        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
	        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
	        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
	        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
	        this.tag = YAMLOMap.tag;
	    }
	    /**
	     * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
	     * but TypeScript won't allow widening the signature of a child method.
	     */
	    toJSON(_, ctx) {
	        if (!ctx)
	            return super.toJSON(_);
	        const map = new Map();
	        if (ctx?.onCreate)
	            ctx.onCreate(map);
	        for (const pair of this.items) {
	            let key, value;
	            if (identity.isPair(pair)) {
	                key = toJS.toJS(pair.key, '', ctx);
	                value = toJS.toJS(pair.value, key, ctx);
	            }
	            else {
	                key = toJS.toJS(pair, '', ctx);
	            }
	            if (map.has(key))
	                throw new Error('Ordered maps must not include duplicate keys');
	            map.set(key, value);
	        }
	        return map;
	    }
	    static from(schema, iterable, ctx) {
	        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
	        const omap = new this();
	        omap.items = pairs$1.items;
	        return omap;
	    }
	}
	YAMLOMap.tag = 'tag:yaml.org,2002:omap';
	const omap$1 = {
	    collection: 'seq',
	    identify: value => value instanceof Map,
	    nodeClass: YAMLOMap,
	    default: false,
	    tag: 'tag:yaml.org,2002:omap',
	    resolve(seq, onError) {
	        const pairs$1 = pairs.resolvePairs(seq, onError);
	        const seenKeys = [];
	        for (const { key } of pairs$1.items) {
	            if (identity.isScalar(key)) {
	                if (seenKeys.includes(key.value)) {
	                    onError(`Ordered maps must not include duplicate keys: ${key.value}`);
	                }
	                else {
	                    seenKeys.push(key.value);
	                }
	            }
	        }
	        return Object.assign(new YAMLOMap(), pairs$1);
	    },
	    createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
	};

	omap.YAMLOMap = YAMLOMap;
	omap.omap = omap$1;
	return omap;
}

var schema = {};

var bool = {};

var hasRequiredBool;

function requireBool () {
	if (hasRequiredBool) return bool;
	hasRequiredBool = 1;

	var Scalar = requireScalar();

	function boolStringify({ value, source }, ctx) {
	    const boolObj = value ? trueTag : falseTag;
	    if (source && boolObj.test.test(source))
	        return source;
	    return value ? ctx.options.trueStr : ctx.options.falseStr;
	}
	const trueTag = {
	    identify: value => value === true,
	    default: true,
	    tag: 'tag:yaml.org,2002:bool',
	    test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
	    resolve: () => new Scalar.Scalar(true),
	    stringify: boolStringify
	};
	const falseTag = {
	    identify: value => value === false,
	    default: true,
	    tag: 'tag:yaml.org,2002:bool',
	    test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
	    resolve: () => new Scalar.Scalar(false),
	    stringify: boolStringify
	};

	bool.falseTag = falseTag;
	bool.trueTag = trueTag;
	return bool;
}

var float = {};

var hasRequiredFloat;

function requireFloat () {
	if (hasRequiredFloat) return float;
	hasRequiredFloat = 1;

	var Scalar = requireScalar();
	var stringifyNumber = requireStringifyNumber();

	const floatNaN = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
	    resolve: (str) => str.slice(-3).toLowerCase() === 'nan'
	        ? NaN
	        : str[0] === '-'
	            ? Number.NEGATIVE_INFINITY
	            : Number.POSITIVE_INFINITY,
	    stringify: stringifyNumber.stringifyNumber
	};
	const floatExp = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    format: 'EXP',
	    test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
	    resolve: (str) => parseFloat(str.replace(/_/g, '')),
	    stringify(node) {
	        const num = Number(node.value);
	        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
	    }
	};
	const float$1 = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
	    resolve(str) {
	        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, '')));
	        const dot = str.indexOf('.');
	        if (dot !== -1) {
	            const f = str.substring(dot + 1).replace(/_/g, '');
	            if (f[f.length - 1] === '0')
	                node.minFractionDigits = f.length;
	        }
	        return node;
	    },
	    stringify: stringifyNumber.stringifyNumber
	};

	float.float = float$1;
	float.floatExp = floatExp;
	float.floatNaN = floatNaN;
	return float;
}

var int$1 = {};

var hasRequiredInt;

function requireInt () {
	if (hasRequiredInt) return int$1;
	hasRequiredInt = 1;

	var stringifyNumber = requireStringifyNumber();

	const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
	function intResolve(str, offset, radix, { intAsBigInt }) {
	    const sign = str[0];
	    if (sign === '-' || sign === '+')
	        offset += 1;
	    str = str.substring(offset).replace(/_/g, '');
	    if (intAsBigInt) {
	        switch (radix) {
	            case 2:
	                str = `0b${str}`;
	                break;
	            case 8:
	                str = `0o${str}`;
	                break;
	            case 16:
	                str = `0x${str}`;
	                break;
	        }
	        const n = BigInt(str);
	        return sign === '-' ? BigInt(-1) * n : n;
	    }
	    const n = parseInt(str, radix);
	    return sign === '-' ? -1 * n : n;
	}
	function intStringify(node, radix, prefix) {
	    const { value } = node;
	    if (intIdentify(value)) {
	        const str = value.toString(radix);
	        return value < 0 ? '-' + prefix + str.substr(1) : prefix + str;
	    }
	    return stringifyNumber.stringifyNumber(node);
	}
	const intBin = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'BIN',
	    test: /^[-+]?0b[0-1_]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
	    stringify: node => intStringify(node, 2, '0b')
	};
	const intOct = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'OCT',
	    test: /^[-+]?0[0-7_]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
	    stringify: node => intStringify(node, 8, '0')
	};
	const int = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    test: /^[-+]?[0-9][0-9_]*$/,
	    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
	    stringify: stringifyNumber.stringifyNumber
	};
	const intHex = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'HEX',
	    test: /^[-+]?0x[0-9a-fA-F_]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
	    stringify: node => intStringify(node, 16, '0x')
	};

	int$1.int = int;
	int$1.intBin = intBin;
	int$1.intHex = intHex;
	int$1.intOct = intOct;
	return int$1;
}

var set = {};

var hasRequiredSet;

function requireSet () {
	if (hasRequiredSet) return set;
	hasRequiredSet = 1;

	var identity = requireIdentity();
	var Pair = requirePair();
	var YAMLMap = requireYAMLMap();

	class YAMLSet extends YAMLMap.YAMLMap {
	    constructor(schema) {
	        super(schema);
	        this.tag = YAMLSet.tag;
	    }
	    add(key) {
	        let pair;
	        if (identity.isPair(key))
	            pair = key;
	        else if (key &&
	            typeof key === 'object' &&
	            'key' in key &&
	            'value' in key &&
	            key.value === null)
	            pair = new Pair.Pair(key.key, null);
	        else
	            pair = new Pair.Pair(key, null);
	        const prev = YAMLMap.findPair(this.items, pair.key);
	        if (!prev)
	            this.items.push(pair);
	    }
	    /**
	     * If `keepPair` is `true`, returns the Pair matching `key`.
	     * Otherwise, returns the value of that Pair's key.
	     */
	    get(key, keepPair) {
	        const pair = YAMLMap.findPair(this.items, key);
	        return !keepPair && identity.isPair(pair)
	            ? identity.isScalar(pair.key)
	                ? pair.key.value
	                : pair.key
	            : pair;
	    }
	    set(key, value) {
	        if (typeof value !== 'boolean')
	            throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
	        const prev = YAMLMap.findPair(this.items, key);
	        if (prev && !value) {
	            this.items.splice(this.items.indexOf(prev), 1);
	        }
	        else if (!prev && value) {
	            this.items.push(new Pair.Pair(key));
	        }
	    }
	    toJSON(_, ctx) {
	        return super.toJSON(_, ctx, Set);
	    }
	    toString(ctx, onComment, onChompKeep) {
	        if (!ctx)
	            return JSON.stringify(this);
	        if (this.hasAllNullValues(true))
	            return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
	        else
	            throw new Error('Set items must all have null values');
	    }
	    static from(schema, iterable, ctx) {
	        const { replacer } = ctx;
	        const set = new this(schema);
	        if (iterable && Symbol.iterator in Object(iterable))
	            for (let value of iterable) {
	                if (typeof replacer === 'function')
	                    value = replacer.call(iterable, value, value);
	                set.items.push(Pair.createPair(value, null, ctx));
	            }
	        return set;
	    }
	}
	YAMLSet.tag = 'tag:yaml.org,2002:set';
	const set$1 = {
	    collection: 'map',
	    identify: value => value instanceof Set,
	    nodeClass: YAMLSet,
	    default: false,
	    tag: 'tag:yaml.org,2002:set',
	    createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
	    resolve(map, onError) {
	        if (identity.isMap(map)) {
	            if (map.hasAllNullValues(true))
	                return Object.assign(new YAMLSet(), map);
	            else
	                onError('Set items must all have null values');
	        }
	        else
	            onError('Expected a mapping for this tag');
	        return map;
	    }
	};

	set.YAMLSet = YAMLSet;
	set.set = set$1;
	return set;
}

var timestamp = {};

var hasRequiredTimestamp;

function requireTimestamp () {
	if (hasRequiredTimestamp) return timestamp;
	hasRequiredTimestamp = 1;

	var stringifyNumber = requireStringifyNumber();

	/** Internal types handle bigint as number, because TS can't figure it out. */
	function parseSexagesimal(str, asBigInt) {
	    const sign = str[0];
	    const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
	    const num = (n) => asBigInt ? BigInt(n) : Number(n);
	    const res = parts
	        .replace(/_/g, '')
	        .split(':')
	        .reduce((res, p) => res * num(60) + num(p), num(0));
	    return (sign === '-' ? num(-1) * res : res);
	}
	/**
	 * hhhh:mm:ss.sss
	 *
	 * Internal types handle bigint as number, because TS can't figure it out.
	 */
	function stringifySexagesimal(node) {
	    let { value } = node;
	    let num = (n) => n;
	    if (typeof value === 'bigint')
	        num = n => BigInt(n);
	    else if (isNaN(value) || !isFinite(value))
	        return stringifyNumber.stringifyNumber(node);
	    let sign = '';
	    if (value < 0) {
	        sign = '-';
	        value *= num(-1);
	    }
	    const _60 = num(60);
	    const parts = [value % _60]; // seconds, including ms
	    if (value < 60) {
	        parts.unshift(0); // at least one : is required
	    }
	    else {
	        value = (value - parts[0]) / _60;
	        parts.unshift(value % _60); // minutes
	        if (value >= 60) {
	            value = (value - parts[0]) / _60;
	            parts.unshift(value); // hours
	        }
	    }
	    return (sign +
	        parts
	            .map(n => String(n).padStart(2, '0'))
	            .join(':')
	            .replace(/000000\d*$/, '') // % 60 may introduce error
	    );
	}
	const intTime = {
	    identify: value => typeof value === 'bigint' || Number.isInteger(value),
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'TIME',
	    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
	    resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
	    stringify: stringifySexagesimal
	};
	const floatTime = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    format: 'TIME',
	    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
	    resolve: str => parseSexagesimal(str, false),
	    stringify: stringifySexagesimal
	};
	const timestamp$1 = {
	    identify: value => value instanceof Date,
	    default: true,
	    tag: 'tag:yaml.org,2002:timestamp',
	    // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
	    // may be omitted altogether, resulting in a date format. In such a case, the time part is
	    // assumed to be 00:00:00Z (start of day, UTC).
	    test: RegExp('^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' + // YYYY-Mm-Dd
	        '(?:' + // time is optional
	        '(?:t|T|[ \\t]+)' + // t | T | whitespace
	        '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' + // Hh:Mm:Ss(.ss)?
	        '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?' + // Z | +5 | -03:30
	        ')?$'),
	    resolve(str) {
	        const match = str.match(timestamp$1.test);
	        if (!match)
	            throw new Error('!!timestamp expects a date, starting with yyyy-mm-dd');
	        const [, year, month, day, hour, minute, second] = match.map(Number);
	        const millisec = match[7] ? Number((match[7] + '00').substr(1, 3)) : 0;
	        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
	        const tz = match[8];
	        if (tz && tz !== 'Z') {
	            let d = parseSexagesimal(tz, false);
	            if (Math.abs(d) < 30)
	                d *= 60;
	            date -= 60000 * d;
	        }
	        return new Date(date);
	    },
	    stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, '') ?? ''
	};

	timestamp.floatTime = floatTime;
	timestamp.intTime = intTime;
	timestamp.timestamp = timestamp$1;
	return timestamp;
}

var hasRequiredSchema$1;

function requireSchema$1 () {
	if (hasRequiredSchema$1) return schema;
	hasRequiredSchema$1 = 1;

	var map = requireMap();
	var _null = require_null();
	var seq = requireSeq();
	var string = requireString();
	var binary = requireBinary();
	var bool = requireBool();
	var float = requireFloat();
	var int = requireInt();
	var merge = requireMerge();
	var omap = requireOmap();
	var pairs = requirePairs();
	var set = requireSet();
	var timestamp = requireTimestamp();

	const schema$1 = [
	    map.map,
	    seq.seq,
	    string.string,
	    _null.nullTag,
	    bool.trueTag,
	    bool.falseTag,
	    int.intBin,
	    int.intOct,
	    int.int,
	    int.intHex,
	    float.floatNaN,
	    float.floatExp,
	    float.float,
	    binary.binary,
	    merge.merge,
	    omap.omap,
	    pairs.pairs,
	    set.set,
	    timestamp.intTime,
	    timestamp.floatTime,
	    timestamp.timestamp
	];

	schema.schema = schema$1;
	return schema;
}

var hasRequiredTags;

function requireTags () {
	if (hasRequiredTags) return tags;
	hasRequiredTags = 1;

	var map = requireMap();
	var _null = require_null();
	var seq = requireSeq();
	var string = requireString();
	var bool = requireBool$1();
	var float = requireFloat$1();
	var int = requireInt$1();
	var schema = requireSchema$3();
	var schema$1 = requireSchema$2();
	var binary = requireBinary();
	var merge = requireMerge();
	var omap = requireOmap();
	var pairs = requirePairs();
	var schema$2 = requireSchema$1();
	var set = requireSet();
	var timestamp = requireTimestamp();

	const schemas = new Map([
	    ['core', schema.schema],
	    ['failsafe', [map.map, seq.seq, string.string]],
	    ['json', schema$1.schema],
	    ['yaml11', schema$2.schema],
	    ['yaml-1.1', schema$2.schema]
	]);
	const tagsByName = {
	    binary: binary.binary,
	    bool: bool.boolTag,
	    float: float.float,
	    floatExp: float.floatExp,
	    floatNaN: float.floatNaN,
	    floatTime: timestamp.floatTime,
	    int: int.int,
	    intHex: int.intHex,
	    intOct: int.intOct,
	    intTime: timestamp.intTime,
	    map: map.map,
	    merge: merge.merge,
	    null: _null.nullTag,
	    omap: omap.omap,
	    pairs: pairs.pairs,
	    seq: seq.seq,
	    set: set.set,
	    timestamp: timestamp.timestamp
	};
	const coreKnownTags = {
	    'tag:yaml.org,2002:binary': binary.binary,
	    'tag:yaml.org,2002:merge': merge.merge,
	    'tag:yaml.org,2002:omap': omap.omap,
	    'tag:yaml.org,2002:pairs': pairs.pairs,
	    'tag:yaml.org,2002:set': set.set,
	    'tag:yaml.org,2002:timestamp': timestamp.timestamp
	};
	function getTags(customTags, schemaName, addMergeTag) {
	    const schemaTags = schemas.get(schemaName);
	    if (schemaTags && !customTags) {
	        return addMergeTag && !schemaTags.includes(merge.merge)
	            ? schemaTags.concat(merge.merge)
	            : schemaTags.slice();
	    }
	    let tags = schemaTags;
	    if (!tags) {
	        if (Array.isArray(customTags))
	            tags = [];
	        else {
	            const keys = Array.from(schemas.keys())
	                .filter(key => key !== 'yaml11')
	                .map(key => JSON.stringify(key))
	                .join(', ');
	            throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
	        }
	    }
	    if (Array.isArray(customTags)) {
	        for (const tag of customTags)
	            tags = tags.concat(tag);
	    }
	    else if (typeof customTags === 'function') {
	        tags = customTags(tags.slice());
	    }
	    if (addMergeTag)
	        tags = tags.concat(merge.merge);
	    return tags.reduce((tags, tag) => {
	        const tagObj = typeof tag === 'string' ? tagsByName[tag] : tag;
	        if (!tagObj) {
	            const tagName = JSON.stringify(tag);
	            const keys = Object.keys(tagsByName)
	                .map(key => JSON.stringify(key))
	                .join(', ');
	            throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
	        }
	        if (!tags.includes(tagObj))
	            tags.push(tagObj);
	        return tags;
	    }, []);
	}

	tags.coreKnownTags = coreKnownTags;
	tags.getTags = getTags;
	return tags;
}

var hasRequiredSchema;

function requireSchema () {
	if (hasRequiredSchema) return Schema;
	hasRequiredSchema = 1;

	var identity = requireIdentity();
	var map = requireMap();
	var seq = requireSeq();
	var string = requireString();
	var tags = requireTags();

	const sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
	let Schema$1 = class Schema {
	    constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
	        this.compat = Array.isArray(compat)
	            ? tags.getTags(compat, 'compat')
	            : compat
	                ? tags.getTags(null, compat)
	                : null;
	        this.name = (typeof schema === 'string' && schema) || 'core';
	        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
	        this.tags = tags.getTags(customTags, this.name, merge);
	        this.toStringOptions = toStringDefaults ?? null;
	        Object.defineProperty(this, identity.MAP, { value: map.map });
	        Object.defineProperty(this, identity.SCALAR, { value: string.string });
	        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
	        // Used by createMap()
	        this.sortMapEntries =
	            typeof sortMapEntries === 'function'
	                ? sortMapEntries
	                : sortMapEntries === true
	                    ? sortMapEntriesByKey
	                    : null;
	    }
	    clone() {
	        const copy = Object.create(Schema.prototype, Object.getOwnPropertyDescriptors(this));
	        copy.tags = this.tags.slice();
	        return copy;
	    }
	};

	Schema.Schema = Schema$1;
	return Schema;
}

var stringifyDocument = {};

var hasRequiredStringifyDocument;

function requireStringifyDocument () {
	if (hasRequiredStringifyDocument) return stringifyDocument;
	hasRequiredStringifyDocument = 1;

	var identity = requireIdentity();
	var stringify = requireStringify();
	var stringifyComment = requireStringifyComment();

	function stringifyDocument$1(doc, options) {
	    const lines = [];
	    let hasDirectives = options.directives === true;
	    if (options.directives !== false && doc.directives) {
	        const dir = doc.directives.toString(doc);
	        if (dir) {
	            lines.push(dir);
	            hasDirectives = true;
	        }
	        else if (doc.directives.docStart)
	            hasDirectives = true;
	    }
	    if (hasDirectives)
	        lines.push('---');
	    const ctx = stringify.createStringifyContext(doc, options);
	    const { commentString } = ctx.options;
	    if (doc.commentBefore) {
	        if (lines.length !== 1)
	            lines.unshift('');
	        const cs = commentString(doc.commentBefore);
	        lines.unshift(stringifyComment.indentComment(cs, ''));
	    }
	    let chompKeep = false;
	    let contentComment = null;
	    if (doc.contents) {
	        if (identity.isNode(doc.contents)) {
	            if (doc.contents.spaceBefore && hasDirectives)
	                lines.push('');
	            if (doc.contents.commentBefore) {
	                const cs = commentString(doc.contents.commentBefore);
	                lines.push(stringifyComment.indentComment(cs, ''));
	            }
	            // top-level block scalars need to be indented if followed by a comment
	            ctx.forceBlockIndent = !!doc.comment;
	            contentComment = doc.contents.comment;
	        }
	        const onChompKeep = contentComment ? undefined : () => (chompKeep = true);
	        let body = stringify.stringify(doc.contents, ctx, () => (contentComment = null), onChompKeep);
	        if (contentComment)
	            body += stringifyComment.lineComment(body, '', commentString(contentComment));
	        if ((body[0] === '|' || body[0] === '>') &&
	            lines[lines.length - 1] === '---') {
	            // Top-level block scalars with a preceding doc marker ought to use the
	            // same line for their header.
	            lines[lines.length - 1] = `--- ${body}`;
	        }
	        else
	            lines.push(body);
	    }
	    else {
	        lines.push(stringify.stringify(doc.contents, ctx));
	    }
	    if (doc.directives?.docEnd) {
	        if (doc.comment) {
	            const cs = commentString(doc.comment);
	            if (cs.includes('\n')) {
	                lines.push('...');
	                lines.push(stringifyComment.indentComment(cs, ''));
	            }
	            else {
	                lines.push(`... ${cs}`);
	            }
	        }
	        else {
	            lines.push('...');
	        }
	    }
	    else {
	        let dc = doc.comment;
	        if (dc && chompKeep)
	            dc = dc.replace(/^\n+/, '');
	        if (dc) {
	            if ((!chompKeep || contentComment) && lines[lines.length - 1] !== '')
	                lines.push('');
	            lines.push(stringifyComment.indentComment(commentString(dc), ''));
	        }
	    }
	    return lines.join('\n') + '\n';
	}

	stringifyDocument.stringifyDocument = stringifyDocument$1;
	return stringifyDocument;
}

var hasRequiredDocument;

function requireDocument () {
	if (hasRequiredDocument) return Document;
	hasRequiredDocument = 1;

	var Alias = requireAlias();
	var Collection = requireCollection();
	var identity = requireIdentity();
	var Pair = requirePair();
	var toJS = requireToJS();
	var Schema = requireSchema();
	var stringifyDocument = requireStringifyDocument();
	var anchors = requireAnchors();
	var applyReviver = requireApplyReviver();
	var createNode = requireCreateNode();
	var directives = requireDirectives();

	let Document$1 = class Document {
	    constructor(value, replacer, options) {
	        /** A comment before this Document */
	        this.commentBefore = null;
	        /** A comment immediately after this Document */
	        this.comment = null;
	        /** Errors encountered during parsing. */
	        this.errors = [];
	        /** Warnings encountered during parsing. */
	        this.warnings = [];
	        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
	        let _replacer = null;
	        if (typeof replacer === 'function' || Array.isArray(replacer)) {
	            _replacer = replacer;
	        }
	        else if (options === undefined && replacer) {
	            options = replacer;
	            replacer = undefined;
	        }
	        const opt = Object.assign({
	            intAsBigInt: false,
	            keepSourceTokens: false,
	            logLevel: 'warn',
	            prettyErrors: true,
	            strict: true,
	            stringKeys: false,
	            uniqueKeys: true,
	            version: '1.2'
	        }, options);
	        this.options = opt;
	        let { version } = opt;
	        if (options?._directives) {
	            this.directives = options._directives.atDocument();
	            if (this.directives.yaml.explicit)
	                version = this.directives.yaml.version;
	        }
	        else
	            this.directives = new directives.Directives({ version });
	        this.setSchema(version, options);
	        // @ts-expect-error We can't really know that this matches Contents.
	        this.contents =
	            value === undefined ? null : this.createNode(value, _replacer, options);
	    }
	    /**
	     * Create a deep copy of this Document and its contents.
	     *
	     * Custom Node values that inherit from `Object` still refer to their original instances.
	     */
	    clone() {
	        const copy = Object.create(Document.prototype, {
	            [identity.NODE_TYPE]: { value: identity.DOC }
	        });
	        copy.commentBefore = this.commentBefore;
	        copy.comment = this.comment;
	        copy.errors = this.errors.slice();
	        copy.warnings = this.warnings.slice();
	        copy.options = Object.assign({}, this.options);
	        if (this.directives)
	            copy.directives = this.directives.clone();
	        copy.schema = this.schema.clone();
	        // @ts-expect-error We can't really know that this matches Contents.
	        copy.contents = identity.isNode(this.contents)
	            ? this.contents.clone(copy.schema)
	            : this.contents;
	        if (this.range)
	            copy.range = this.range.slice();
	        return copy;
	    }
	    /** Adds a value to the document. */
	    add(value) {
	        if (assertCollection(this.contents))
	            this.contents.add(value);
	    }
	    /** Adds a value to the document. */
	    addIn(path, value) {
	        if (assertCollection(this.contents))
	            this.contents.addIn(path, value);
	    }
	    /**
	     * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
	     *
	     * If `node` already has an anchor, `name` is ignored.
	     * Otherwise, the `node.anchor` value will be set to `name`,
	     * or if an anchor with that name is already present in the document,
	     * `name` will be used as a prefix for a new unique anchor.
	     * If `name` is undefined, the generated anchor will use 'a' as a prefix.
	     */
	    createAlias(node, name) {
	        if (!node.anchor) {
	            const prev = anchors.anchorNames(this);
	            node.anchor =
	                // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
	                !name || prev.has(name) ? anchors.findNewAnchor(name || 'a', prev) : name;
	        }
	        return new Alias.Alias(node.anchor);
	    }
	    createNode(value, replacer, options) {
	        let _replacer = undefined;
	        if (typeof replacer === 'function') {
	            value = replacer.call({ '': value }, '', value);
	            _replacer = replacer;
	        }
	        else if (Array.isArray(replacer)) {
	            const keyToStr = (v) => typeof v === 'number' || v instanceof String || v instanceof Number;
	            const asStr = replacer.filter(keyToStr).map(String);
	            if (asStr.length > 0)
	                replacer = replacer.concat(asStr);
	            _replacer = replacer;
	        }
	        else if (options === undefined && replacer) {
	            options = replacer;
	            replacer = undefined;
	        }
	        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
	        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(this, 
	        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
	        anchorPrefix || 'a');
	        const ctx = {
	            aliasDuplicateObjects: aliasDuplicateObjects ?? true,
	            keepUndefined: keepUndefined ?? false,
	            onAnchor,
	            onTagObj,
	            replacer: _replacer,
	            schema: this.schema,
	            sourceObjects
	        };
	        const node = createNode.createNode(value, tag, ctx);
	        if (flow && identity.isCollection(node))
	            node.flow = true;
	        setAnchors();
	        return node;
	    }
	    /**
	     * Convert a key and a value into a `Pair` using the current schema,
	     * recursively wrapping all values as `Scalar` or `Collection` nodes.
	     */
	    createPair(key, value, options = {}) {
	        const k = this.createNode(key, null, options);
	        const v = this.createNode(value, null, options);
	        return new Pair.Pair(k, v);
	    }
	    /**
	     * Removes a value from the document.
	     * @returns `true` if the item was found and removed.
	     */
	    delete(key) {
	        return assertCollection(this.contents) ? this.contents.delete(key) : false;
	    }
	    /**
	     * Removes a value from the document.
	     * @returns `true` if the item was found and removed.
	     */
	    deleteIn(path) {
	        if (Collection.isEmptyPath(path)) {
	            if (this.contents == null)
	                return false;
	            // @ts-expect-error Presumed impossible if Strict extends false
	            this.contents = null;
	            return true;
	        }
	        return assertCollection(this.contents)
	            ? this.contents.deleteIn(path)
	            : false;
	    }
	    /**
	     * Returns item at `key`, or `undefined` if not found. By default unwraps
	     * scalar values from their surrounding node; to disable set `keepScalar` to
	     * `true` (collections are always returned intact).
	     */
	    get(key, keepScalar) {
	        return identity.isCollection(this.contents)
	            ? this.contents.get(key, keepScalar)
	            : undefined;
	    }
	    /**
	     * Returns item at `path`, or `undefined` if not found. By default unwraps
	     * scalar values from their surrounding node; to disable set `keepScalar` to
	     * `true` (collections are always returned intact).
	     */
	    getIn(path, keepScalar) {
	        if (Collection.isEmptyPath(path))
	            return !keepScalar && identity.isScalar(this.contents)
	                ? this.contents.value
	                : this.contents;
	        return identity.isCollection(this.contents)
	            ? this.contents.getIn(path, keepScalar)
	            : undefined;
	    }
	    /**
	     * Checks if the document includes a value with the key `key`.
	     */
	    has(key) {
	        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
	    }
	    /**
	     * Checks if the document includes a value at `path`.
	     */
	    hasIn(path) {
	        if (Collection.isEmptyPath(path))
	            return this.contents !== undefined;
	        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
	    }
	    /**
	     * Sets a value in this document. For `!!set`, `value` needs to be a
	     * boolean to add/remove the item from the set.
	     */
	    set(key, value) {
	        if (this.contents == null) {
	            // @ts-expect-error We can't really know that this matches Contents.
	            this.contents = Collection.collectionFromPath(this.schema, [key], value);
	        }
	        else if (assertCollection(this.contents)) {
	            this.contents.set(key, value);
	        }
	    }
	    /**
	     * Sets a value in this document. For `!!set`, `value` needs to be a
	     * boolean to add/remove the item from the set.
	     */
	    setIn(path, value) {
	        if (Collection.isEmptyPath(path)) {
	            // @ts-expect-error We can't really know that this matches Contents.
	            this.contents = value;
	        }
	        else if (this.contents == null) {
	            // @ts-expect-error We can't really know that this matches Contents.
	            this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
	        }
	        else if (assertCollection(this.contents)) {
	            this.contents.setIn(path, value);
	        }
	    }
	    /**
	     * Change the YAML version and schema used by the document.
	     * A `null` version disables support for directives, explicit tags, anchors, and aliases.
	     * It also requires the `schema` option to be given as a `Schema` instance value.
	     *
	     * Overrides all previously set schema options.
	     */
	    setSchema(version, options = {}) {
	        if (typeof version === 'number')
	            version = String(version);
	        let opt;
	        switch (version) {
	            case '1.1':
	                if (this.directives)
	                    this.directives.yaml.version = '1.1';
	                else
	                    this.directives = new directives.Directives({ version: '1.1' });
	                opt = { resolveKnownTags: false, schema: 'yaml-1.1' };
	                break;
	            case '1.2':
	            case 'next':
	                if (this.directives)
	                    this.directives.yaml.version = version;
	                else
	                    this.directives = new directives.Directives({ version });
	                opt = { resolveKnownTags: true, schema: 'core' };
	                break;
	            case null:
	                if (this.directives)
	                    delete this.directives;
	                opt = null;
	                break;
	            default: {
	                const sv = JSON.stringify(version);
	                throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
	            }
	        }
	        // Not using `instanceof Schema` to allow for duck typing
	        if (options.schema instanceof Object)
	            this.schema = options.schema;
	        else if (opt)
	            this.schema = new Schema.Schema(Object.assign(opt, options));
	        else
	            throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
	    }
	    // json & jsonArg are only used from toJSON()
	    toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
	        const ctx = {
	            anchors: new Map(),
	            doc: this,
	            keep: !json,
	            mapAsMap: mapAsMap === true,
	            mapKeyWarned: false,
	            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
	        };
	        const res = toJS.toJS(this.contents, jsonArg ?? '', ctx);
	        if (typeof onAnchor === 'function')
	            for (const { count, res } of ctx.anchors.values())
	                onAnchor(res, count);
	        return typeof reviver === 'function'
	            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
	            : res;
	    }
	    /**
	     * A JSON representation of the document `contents`.
	     *
	     * @param jsonArg Used by `JSON.stringify` to indicate the array index or
	     *   property name.
	     */
	    toJSON(jsonArg, onAnchor) {
	        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
	    }
	    /** A YAML representation of the document. */
	    toString(options = {}) {
	        if (this.errors.length > 0)
	            throw new Error('Document with errors cannot be stringified');
	        if ('indent' in options &&
	            (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
	            const s = JSON.stringify(options.indent);
	            throw new Error(`"indent" option must be a positive integer, not ${s}`);
	        }
	        return stringifyDocument.stringifyDocument(this, options);
	    }
	};
	function assertCollection(contents) {
	    if (identity.isCollection(contents))
	        return true;
	    throw new Error('Expected a YAML collection as document contents');
	}

	Document.Document = Document$1;
	return Document;
}

var errors = {};

var hasRequiredErrors;

function requireErrors () {
	if (hasRequiredErrors) return errors;
	hasRequiredErrors = 1;

	class YAMLError extends Error {
	    constructor(name, pos, code, message) {
	        super();
	        this.name = name;
	        this.code = code;
	        this.message = message;
	        this.pos = pos;
	    }
	}
	class YAMLParseError extends YAMLError {
	    constructor(pos, code, message) {
	        super('YAMLParseError', pos, code, message);
	    }
	}
	class YAMLWarning extends YAMLError {
	    constructor(pos, code, message) {
	        super('YAMLWarning', pos, code, message);
	    }
	}
	const prettifyError = (src, lc) => (error) => {
	    if (error.pos[0] === -1)
	        return;
	    error.linePos = error.pos.map(pos => lc.linePos(pos));
	    const { line, col } = error.linePos[0];
	    error.message += ` at line ${line}, column ${col}`;
	    let ci = col - 1;
	    let lineStr = src
	        .substring(lc.lineStarts[line - 1], lc.lineStarts[line])
	        .replace(/[\n\r]+$/, '');
	    // Trim to max 80 chars, keeping col position near the middle
	    if (ci >= 60 && lineStr.length > 80) {
	        const trimStart = Math.min(ci - 39, lineStr.length - 79);
	        lineStr = '…' + lineStr.substring(trimStart);
	        ci -= trimStart - 1;
	    }
	    if (lineStr.length > 80)
	        lineStr = lineStr.substring(0, 79) + '…';
	    // Include previous line in context if pointing at line start
	    if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
	        // Regexp won't match if start is trimmed
	        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
	        if (prev.length > 80)
	            prev = prev.substring(0, 79) + '…\n';
	        lineStr = prev + lineStr;
	    }
	    if (/[^ ]/.test(lineStr)) {
	        let count = 1;
	        const end = error.linePos[1];
	        if (end?.line === line && end.col > col) {
	            count = Math.max(1, Math.min(end.col - col, 80 - ci));
	        }
	        const pointer = ' '.repeat(ci) + '^'.repeat(count);
	        error.message += `:\n\n${lineStr}\n${pointer}\n`;
	    }
	};

	errors.YAMLError = YAMLError;
	errors.YAMLParseError = YAMLParseError;
	errors.YAMLWarning = YAMLWarning;
	errors.prettifyError = prettifyError;
	return errors;
}

var composeDoc = {};

var composeNode = {};

var composeCollection = {};

var resolveBlockMap = {};

var resolveProps = {};

var hasRequiredResolveProps;

function requireResolveProps () {
	if (hasRequiredResolveProps) return resolveProps;
	hasRequiredResolveProps = 1;

	function resolveProps$1(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
	    let spaceBefore = false;
	    let atNewline = startOnNewline;
	    let hasSpace = startOnNewline;
	    let comment = '';
	    let commentSep = '';
	    let hasNewline = false;
	    let reqSpace = false;
	    let tab = null;
	    let anchor = null;
	    let tag = null;
	    let newlineAfterProp = null;
	    let comma = null;
	    let found = null;
	    let start = null;
	    for (const token of tokens) {
	        if (reqSpace) {
	            if (token.type !== 'space' &&
	                token.type !== 'newline' &&
	                token.type !== 'comma')
	                onError(token.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
	            reqSpace = false;
	        }
	        if (tab) {
	            if (atNewline && token.type !== 'comment' && token.type !== 'newline') {
	                onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
	            }
	            tab = null;
	        }
	        switch (token.type) {
	            case 'space':
	                // At the doc level, tabs at line start may be parsed
	                // as leading white space rather than indentation.
	                // In a flow collection, only the parser handles indent.
	                if (!flow &&
	                    (indicator !== 'doc-start' || next?.type !== 'flow-collection') &&
	                    token.source.includes('\t')) {
	                    tab = token;
	                }
	                hasSpace = true;
	                break;
	            case 'comment': {
	                if (!hasSpace)
	                    onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
	                const cb = token.source.substring(1) || ' ';
	                if (!comment)
	                    comment = cb;
	                else
	                    comment += commentSep + cb;
	                commentSep = '';
	                atNewline = false;
	                break;
	            }
	            case 'newline':
	                if (atNewline) {
	                    if (comment)
	                        comment += token.source;
	                    else if (!found || indicator !== 'seq-item-ind')
	                        spaceBefore = true;
	                }
	                else
	                    commentSep += token.source;
	                atNewline = true;
	                hasNewline = true;
	                if (anchor || tag)
	                    newlineAfterProp = token;
	                hasSpace = true;
	                break;
	            case 'anchor':
	                if (anchor)
	                    onError(token, 'MULTIPLE_ANCHORS', 'A node can have at most one anchor');
	                if (token.source.endsWith(':'))
	                    onError(token.offset + token.source.length - 1, 'BAD_ALIAS', 'Anchor ending in : is ambiguous', true);
	                anchor = token;
	                start ?? (start = token.offset);
	                atNewline = false;
	                hasSpace = false;
	                reqSpace = true;
	                break;
	            case 'tag': {
	                if (tag)
	                    onError(token, 'MULTIPLE_TAGS', 'A node can have at most one tag');
	                tag = token;
	                start ?? (start = token.offset);
	                atNewline = false;
	                hasSpace = false;
	                reqSpace = true;
	                break;
	            }
	            case indicator:
	                // Could here handle preceding comments differently
	                if (anchor || tag)
	                    onError(token, 'BAD_PROP_ORDER', `Anchors and tags must be after the ${token.source} indicator`);
	                if (found)
	                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.source} in ${flow ?? 'collection'}`);
	                found = token;
	                atNewline =
	                    indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
	                hasSpace = false;
	                break;
	            case 'comma':
	                if (flow) {
	                    if (comma)
	                        onError(token, 'UNEXPECTED_TOKEN', `Unexpected , in ${flow}`);
	                    comma = token;
	                    atNewline = false;
	                    hasSpace = false;
	                    break;
	                }
	            // else fallthrough
	            default:
	                onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.type} token`);
	                atNewline = false;
	                hasSpace = false;
	        }
	    }
	    const last = tokens[tokens.length - 1];
	    const end = last ? last.offset + last.source.length : offset;
	    if (reqSpace &&
	        next &&
	        next.type !== 'space' &&
	        next.type !== 'newline' &&
	        next.type !== 'comma' &&
	        (next.type !== 'scalar' || next.source !== '')) {
	        onError(next.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
	    }
	    if (tab &&
	        ((atNewline && tab.indent <= parentIndent) ||
	            next?.type === 'block-map' ||
	            next?.type === 'block-seq'))
	        onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
	    return {
	        comma,
	        found,
	        spaceBefore,
	        comment,
	        hasNewline,
	        anchor,
	        tag,
	        newlineAfterProp,
	        end,
	        start: start ?? end
	    };
	}

	resolveProps.resolveProps = resolveProps$1;
	return resolveProps;
}

var utilContainsNewline = {};

var hasRequiredUtilContainsNewline;

function requireUtilContainsNewline () {
	if (hasRequiredUtilContainsNewline) return utilContainsNewline;
	hasRequiredUtilContainsNewline = 1;

	function containsNewline(key) {
	    if (!key)
	        return null;
	    switch (key.type) {
	        case 'alias':
	        case 'scalar':
	        case 'double-quoted-scalar':
	        case 'single-quoted-scalar':
	            if (key.source.includes('\n'))
	                return true;
	            if (key.end)
	                for (const st of key.end)
	                    if (st.type === 'newline')
	                        return true;
	            return false;
	        case 'flow-collection':
	            for (const it of key.items) {
	                for (const st of it.start)
	                    if (st.type === 'newline')
	                        return true;
	                if (it.sep)
	                    for (const st of it.sep)
	                        if (st.type === 'newline')
	                            return true;
	                if (containsNewline(it.key) || containsNewline(it.value))
	                    return true;
	            }
	            return false;
	        default:
	            return true;
	    }
	}

	utilContainsNewline.containsNewline = containsNewline;
	return utilContainsNewline;
}

var utilFlowIndentCheck = {};

var hasRequiredUtilFlowIndentCheck;

function requireUtilFlowIndentCheck () {
	if (hasRequiredUtilFlowIndentCheck) return utilFlowIndentCheck;
	hasRequiredUtilFlowIndentCheck = 1;

	var utilContainsNewline = requireUtilContainsNewline();

	function flowIndentCheck(indent, fc, onError) {
	    if (fc?.type === 'flow-collection') {
	        const end = fc.end[0];
	        if (end.indent === indent &&
	            (end.source === ']' || end.source === '}') &&
	            utilContainsNewline.containsNewline(fc)) {
	            const msg = 'Flow end indicator should be more indented than parent';
	            onError(end, 'BAD_INDENT', msg, true);
	        }
	    }
	}

	utilFlowIndentCheck.flowIndentCheck = flowIndentCheck;
	return utilFlowIndentCheck;
}

var utilMapIncludes = {};

var hasRequiredUtilMapIncludes;

function requireUtilMapIncludes () {
	if (hasRequiredUtilMapIncludes) return utilMapIncludes;
	hasRequiredUtilMapIncludes = 1;

	var identity = requireIdentity();

	function mapIncludes(ctx, items, search) {
	    const { uniqueKeys } = ctx.options;
	    if (uniqueKeys === false)
	        return false;
	    const isEqual = typeof uniqueKeys === 'function'
	        ? uniqueKeys
	        : (a, b) => a === b || (identity.isScalar(a) && identity.isScalar(b) && a.value === b.value);
	    return items.some(pair => isEqual(pair.key, search));
	}

	utilMapIncludes.mapIncludes = mapIncludes;
	return utilMapIncludes;
}

var hasRequiredResolveBlockMap;

function requireResolveBlockMap () {
	if (hasRequiredResolveBlockMap) return resolveBlockMap;
	hasRequiredResolveBlockMap = 1;

	var Pair = requirePair();
	var YAMLMap = requireYAMLMap();
	var resolveProps = requireResolveProps();
	var utilContainsNewline = requireUtilContainsNewline();
	var utilFlowIndentCheck = requireUtilFlowIndentCheck();
	var utilMapIncludes = requireUtilMapIncludes();

	const startColMsg = 'All mapping items must start at the same column';
	function resolveBlockMap$1({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
	    const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
	    const map = new NodeClass(ctx.schema);
	    if (ctx.atRoot)
	        ctx.atRoot = false;
	    let offset = bm.offset;
	    let commentEnd = null;
	    for (const collItem of bm.items) {
	        const { start, key, sep, value } = collItem;
	        // key properties
	        const keyProps = resolveProps.resolveProps(start, {
	            indicator: 'explicit-key-ind',
	            next: key ?? sep?.[0],
	            offset,
	            onError,
	            parentIndent: bm.indent,
	            startOnNewline: true
	        });
	        const implicitKey = !keyProps.found;
	        if (implicitKey) {
	            if (key) {
	                if (key.type === 'block-seq')
	                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'A block sequence may not be used as an implicit map key');
	                else if ('indent' in key && key.indent !== bm.indent)
	                    onError(offset, 'BAD_INDENT', startColMsg);
	            }
	            if (!keyProps.anchor && !keyProps.tag && !sep) {
	                commentEnd = keyProps.end;
	                if (keyProps.comment) {
	                    if (map.comment)
	                        map.comment += '\n' + keyProps.comment;
	                    else
	                        map.comment = keyProps.comment;
	                }
	                continue;
	            }
	            if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
	                onError(key ?? start[start.length - 1], 'MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line');
	            }
	        }
	        else if (keyProps.found?.indent !== bm.indent) {
	            onError(offset, 'BAD_INDENT', startColMsg);
	        }
	        // key value
	        ctx.atKey = true;
	        const keyStart = keyProps.end;
	        const keyNode = key
	            ? composeNode(ctx, key, keyProps, onError)
	            : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
	        if (ctx.schema.compat)
	            utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
	        ctx.atKey = false;
	        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
	            onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
	        // value properties
	        const valueProps = resolveProps.resolveProps(sep ?? [], {
	            indicator: 'map-value-ind',
	            next: value,
	            offset: keyNode.range[2],
	            onError,
	            parentIndent: bm.indent,
	            startOnNewline: !key || key.type === 'block-scalar'
	        });
	        offset = valueProps.end;
	        if (valueProps.found) {
	            if (implicitKey) {
	                if (value?.type === 'block-map' && !valueProps.hasNewline)
	                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings');
	                if (ctx.options.strict &&
	                    keyProps.start < valueProps.found.offset - 1024)
	                    onError(keyNode.range, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key');
	            }
	            // value value
	            const valueNode = value
	                ? composeNode(ctx, value, valueProps, onError)
	                : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
	            if (ctx.schema.compat)
	                utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
	            offset = valueNode.range[2];
	            const pair = new Pair.Pair(keyNode, valueNode);
	            if (ctx.options.keepSourceTokens)
	                pair.srcToken = collItem;
	            map.items.push(pair);
	        }
	        else {
	            // key with no value
	            if (implicitKey)
	                onError(keyNode.range, 'MISSING_CHAR', 'Implicit map keys need to be followed by map values');
	            if (valueProps.comment) {
	                if (keyNode.comment)
	                    keyNode.comment += '\n' + valueProps.comment;
	                else
	                    keyNode.comment = valueProps.comment;
	            }
	            const pair = new Pair.Pair(keyNode);
	            if (ctx.options.keepSourceTokens)
	                pair.srcToken = collItem;
	            map.items.push(pair);
	        }
	    }
	    if (commentEnd && commentEnd < offset)
	        onError(commentEnd, 'IMPOSSIBLE', 'Map comment with trailing content');
	    map.range = [bm.offset, offset, commentEnd ?? offset];
	    return map;
	}

	resolveBlockMap.resolveBlockMap = resolveBlockMap$1;
	return resolveBlockMap;
}

var resolveBlockSeq = {};

var hasRequiredResolveBlockSeq;

function requireResolveBlockSeq () {
	if (hasRequiredResolveBlockSeq) return resolveBlockSeq;
	hasRequiredResolveBlockSeq = 1;

	var YAMLSeq = requireYAMLSeq();
	var resolveProps = requireResolveProps();
	var utilFlowIndentCheck = requireUtilFlowIndentCheck();

	function resolveBlockSeq$1({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
	    const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
	    const seq = new NodeClass(ctx.schema);
	    if (ctx.atRoot)
	        ctx.atRoot = false;
	    if (ctx.atKey)
	        ctx.atKey = false;
	    let offset = bs.offset;
	    let commentEnd = null;
	    for (const { start, value } of bs.items) {
	        const props = resolveProps.resolveProps(start, {
	            indicator: 'seq-item-ind',
	            next: value,
	            offset,
	            onError,
	            parentIndent: bs.indent,
	            startOnNewline: true
	        });
	        if (!props.found) {
	            if (props.anchor || props.tag || value) {
	                if (value?.type === 'block-seq')
	                    onError(props.end, 'BAD_INDENT', 'All sequence items must start at the same column');
	                else
	                    onError(offset, 'MISSING_CHAR', 'Sequence item without - indicator');
	            }
	            else {
	                commentEnd = props.end;
	                if (props.comment)
	                    seq.comment = props.comment;
	                continue;
	            }
	        }
	        const node = value
	            ? composeNode(ctx, value, props, onError)
	            : composeEmptyNode(ctx, props.end, start, null, props, onError);
	        if (ctx.schema.compat)
	            utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
	        offset = node.range[2];
	        seq.items.push(node);
	    }
	    seq.range = [bs.offset, offset, commentEnd ?? offset];
	    return seq;
	}

	resolveBlockSeq.resolveBlockSeq = resolveBlockSeq$1;
	return resolveBlockSeq;
}

var resolveFlowCollection = {};

var resolveEnd = {};

var hasRequiredResolveEnd;

function requireResolveEnd () {
	if (hasRequiredResolveEnd) return resolveEnd;
	hasRequiredResolveEnd = 1;

	function resolveEnd$1(end, offset, reqSpace, onError) {
	    let comment = '';
	    if (end) {
	        let hasSpace = false;
	        let sep = '';
	        for (const token of end) {
	            const { source, type } = token;
	            switch (type) {
	                case 'space':
	                    hasSpace = true;
	                    break;
	                case 'comment': {
	                    if (reqSpace && !hasSpace)
	                        onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
	                    const cb = source.substring(1) || ' ';
	                    if (!comment)
	                        comment = cb;
	                    else
	                        comment += sep + cb;
	                    sep = '';
	                    break;
	                }
	                case 'newline':
	                    if (comment)
	                        sep += source;
	                    hasSpace = true;
	                    break;
	                default:
	                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${type} at node end`);
	            }
	            offset += source.length;
	        }
	    }
	    return { comment, offset };
	}

	resolveEnd.resolveEnd = resolveEnd$1;
	return resolveEnd;
}

var hasRequiredResolveFlowCollection;

function requireResolveFlowCollection () {
	if (hasRequiredResolveFlowCollection) return resolveFlowCollection;
	hasRequiredResolveFlowCollection = 1;

	var identity = requireIdentity();
	var Pair = requirePair();
	var YAMLMap = requireYAMLMap();
	var YAMLSeq = requireYAMLSeq();
	var resolveEnd = requireResolveEnd();
	var resolveProps = requireResolveProps();
	var utilContainsNewline = requireUtilContainsNewline();
	var utilMapIncludes = requireUtilMapIncludes();

	const blockMsg = 'Block collections are not allowed within flow collections';
	const isBlock = (token) => token && (token.type === 'block-map' || token.type === 'block-seq');
	function resolveFlowCollection$1({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
	    const isMap = fc.start.source === '{';
	    const fcName = isMap ? 'flow map' : 'flow sequence';
	    const NodeClass = (tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq));
	    const coll = new NodeClass(ctx.schema);
	    coll.flow = true;
	    const atRoot = ctx.atRoot;
	    if (atRoot)
	        ctx.atRoot = false;
	    if (ctx.atKey)
	        ctx.atKey = false;
	    let offset = fc.offset + fc.start.source.length;
	    for (let i = 0; i < fc.items.length; ++i) {
	        const collItem = fc.items[i];
	        const { start, key, sep, value } = collItem;
	        const props = resolveProps.resolveProps(start, {
	            flow: fcName,
	            indicator: 'explicit-key-ind',
	            next: key ?? sep?.[0],
	            offset,
	            onError,
	            parentIndent: fc.indent,
	            startOnNewline: false
	        });
	        if (!props.found) {
	            if (!props.anchor && !props.tag && !sep && !value) {
	                if (i === 0 && props.comma)
	                    onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
	                else if (i < fc.items.length - 1)
	                    onError(props.start, 'UNEXPECTED_TOKEN', `Unexpected empty item in ${fcName}`);
	                if (props.comment) {
	                    if (coll.comment)
	                        coll.comment += '\n' + props.comment;
	                    else
	                        coll.comment = props.comment;
	                }
	                offset = props.end;
	                continue;
	            }
	            if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
	                onError(key, // checked by containsNewline()
	                'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
	        }
	        if (i === 0) {
	            if (props.comma)
	                onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
	        }
	        else {
	            if (!props.comma)
	                onError(props.start, 'MISSING_CHAR', `Missing , between ${fcName} items`);
	            if (props.comment) {
	                let prevItemComment = '';
	                loop: for (const st of start) {
	                    switch (st.type) {
	                        case 'comma':
	                        case 'space':
	                            break;
	                        case 'comment':
	                            prevItemComment = st.source.substring(1);
	                            break loop;
	                        default:
	                            break loop;
	                    }
	                }
	                if (prevItemComment) {
	                    let prev = coll.items[coll.items.length - 1];
	                    if (identity.isPair(prev))
	                        prev = prev.value ?? prev.key;
	                    if (prev.comment)
	                        prev.comment += '\n' + prevItemComment;
	                    else
	                        prev.comment = prevItemComment;
	                    props.comment = props.comment.substring(prevItemComment.length + 1);
	                }
	            }
	        }
	        if (!isMap && !sep && !props.found) {
	            // item is a value in a seq
	            // → key & sep are empty, start does not include ? or :
	            const valueNode = value
	                ? composeNode(ctx, value, props, onError)
	                : composeEmptyNode(ctx, props.end, sep, null, props, onError);
	            coll.items.push(valueNode);
	            offset = valueNode.range[2];
	            if (isBlock(value))
	                onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
	        }
	        else {
	            // item is a key+value pair
	            // key value
	            ctx.atKey = true;
	            const keyStart = props.end;
	            const keyNode = key
	                ? composeNode(ctx, key, props, onError)
	                : composeEmptyNode(ctx, keyStart, start, null, props, onError);
	            if (isBlock(key))
	                onError(keyNode.range, 'BLOCK_IN_FLOW', blockMsg);
	            ctx.atKey = false;
	            // value properties
	            const valueProps = resolveProps.resolveProps(sep ?? [], {
	                flow: fcName,
	                indicator: 'map-value-ind',
	                next: value,
	                offset: keyNode.range[2],
	                onError,
	                parentIndent: fc.indent,
	                startOnNewline: false
	            });
	            if (valueProps.found) {
	                if (!isMap && !props.found && ctx.options.strict) {
	                    if (sep)
	                        for (const st of sep) {
	                            if (st === valueProps.found)
	                                break;
	                            if (st.type === 'newline') {
	                                onError(st, 'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
	                                break;
	                            }
	                        }
	                    if (props.start < valueProps.found.offset - 1024)
	                        onError(valueProps.found, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit flow sequence key');
	                }
	            }
	            else if (value) {
	                if ('source' in value && value.source?.[0] === ':')
	                    onError(value, 'MISSING_CHAR', `Missing space after : in ${fcName}`);
	                else
	                    onError(valueProps.start, 'MISSING_CHAR', `Missing , or : between ${fcName} items`);
	            }
	            // value value
	            const valueNode = value
	                ? composeNode(ctx, value, valueProps, onError)
	                : valueProps.found
	                    ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError)
	                    : null;
	            if (valueNode) {
	                if (isBlock(value))
	                    onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
	            }
	            else if (valueProps.comment) {
	                if (keyNode.comment)
	                    keyNode.comment += '\n' + valueProps.comment;
	                else
	                    keyNode.comment = valueProps.comment;
	            }
	            const pair = new Pair.Pair(keyNode, valueNode);
	            if (ctx.options.keepSourceTokens)
	                pair.srcToken = collItem;
	            if (isMap) {
	                const map = coll;
	                if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
	                    onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
	                map.items.push(pair);
	            }
	            else {
	                const map = new YAMLMap.YAMLMap(ctx.schema);
	                map.flow = true;
	                map.items.push(pair);
	                const endRange = (valueNode ?? keyNode).range;
	                map.range = [keyNode.range[0], endRange[1], endRange[2]];
	                coll.items.push(map);
	            }
	            offset = valueNode ? valueNode.range[2] : valueProps.end;
	        }
	    }
	    const expectedEnd = isMap ? '}' : ']';
	    const [ce, ...ee] = fc.end;
	    let cePos = offset;
	    if (ce?.source === expectedEnd)
	        cePos = ce.offset + ce.source.length;
	    else {
	        const name = fcName[0].toUpperCase() + fcName.substring(1);
	        const msg = atRoot
	            ? `${name} must end with a ${expectedEnd}`
	            : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
	        onError(offset, atRoot ? 'MISSING_CHAR' : 'BAD_INDENT', msg);
	        if (ce && ce.source.length !== 1)
	            ee.unshift(ce);
	    }
	    if (ee.length > 0) {
	        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
	        if (end.comment) {
	            if (coll.comment)
	                coll.comment += '\n' + end.comment;
	            else
	                coll.comment = end.comment;
	        }
	        coll.range = [fc.offset, cePos, end.offset];
	    }
	    else {
	        coll.range = [fc.offset, cePos, cePos];
	    }
	    return coll;
	}

	resolveFlowCollection.resolveFlowCollection = resolveFlowCollection$1;
	return resolveFlowCollection;
}

var hasRequiredComposeCollection;

function requireComposeCollection () {
	if (hasRequiredComposeCollection) return composeCollection;
	hasRequiredComposeCollection = 1;

	var identity = requireIdentity();
	var Scalar = requireScalar();
	var YAMLMap = requireYAMLMap();
	var YAMLSeq = requireYAMLSeq();
	var resolveBlockMap = requireResolveBlockMap();
	var resolveBlockSeq = requireResolveBlockSeq();
	var resolveFlowCollection = requireResolveFlowCollection();

	function resolveCollection(CN, ctx, token, onError, tagName, tag) {
	    const coll = token.type === 'block-map'
	        ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag)
	        : token.type === 'block-seq'
	            ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag)
	            : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
	    const Coll = coll.constructor;
	    // If we got a tagName matching the class, or the tag name is '!',
	    // then use the tagName from the node class used to create it.
	    if (tagName === '!' || tagName === Coll.tagName) {
	        coll.tag = Coll.tagName;
	        return coll;
	    }
	    if (tagName)
	        coll.tag = tagName;
	    return coll;
	}
	function composeCollection$1(CN, ctx, token, props, onError) {
	    const tagToken = props.tag;
	    const tagName = !tagToken
	        ? null
	        : ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg));
	    if (token.type === 'block-seq') {
	        const { anchor, newlineAfterProp: nl } = props;
	        const lastProp = anchor && tagToken
	            ? anchor.offset > tagToken.offset
	                ? anchor
	                : tagToken
	            : (anchor ?? tagToken);
	        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
	            const message = 'Missing newline after block sequence props';
	            onError(lastProp, 'MISSING_CHAR', message);
	        }
	    }
	    const expType = token.type === 'block-map'
	        ? 'map'
	        : token.type === 'block-seq'
	            ? 'seq'
	            : token.start.source === '{'
	                ? 'map'
	                : 'seq';
	    // shortcut: check if it's a generic YAMLMap or YAMLSeq
	    // before jumping into the custom tag logic.
	    if (!tagToken ||
	        !tagName ||
	        tagName === '!' ||
	        (tagName === YAMLMap.YAMLMap.tagName && expType === 'map') ||
	        (tagName === YAMLSeq.YAMLSeq.tagName && expType === 'seq')) {
	        return resolveCollection(CN, ctx, token, onError, tagName);
	    }
	    let tag = ctx.schema.tags.find(t => t.tag === tagName && t.collection === expType);
	    if (!tag) {
	        const kt = ctx.schema.knownTags[tagName];
	        if (kt?.collection === expType) {
	            ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
	            tag = kt;
	        }
	        else {
	            if (kt) {
	                onError(tagToken, 'BAD_COLLECTION_TYPE', `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? 'scalar'}`, true);
	            }
	            else {
	                onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, true);
	            }
	            return resolveCollection(CN, ctx, token, onError, tagName);
	        }
	    }
	    const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
	    const res = tag.resolve?.(coll, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg), ctx.options) ?? coll;
	    const node = identity.isNode(res)
	        ? res
	        : new Scalar.Scalar(res);
	    node.range = coll.range;
	    node.tag = tagName;
	    if (tag?.format)
	        node.format = tag.format;
	    return node;
	}

	composeCollection.composeCollection = composeCollection$1;
	return composeCollection;
}

var composeScalar = {};

var resolveBlockScalar = {};

var hasRequiredResolveBlockScalar;

function requireResolveBlockScalar () {
	if (hasRequiredResolveBlockScalar) return resolveBlockScalar;
	hasRequiredResolveBlockScalar = 1;

	var Scalar = requireScalar();

	function resolveBlockScalar$1(ctx, scalar, onError) {
	    const start = scalar.offset;
	    const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
	    if (!header)
	        return { value: '', type: null, comment: '', range: [start, start, start] };
	    const type = header.mode === '>' ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
	    const lines = scalar.source ? splitLines(scalar.source) : [];
	    // determine the end of content & start of chomping
	    let chompStart = lines.length;
	    for (let i = lines.length - 1; i >= 0; --i) {
	        const content = lines[i][1];
	        if (content === '' || content === '\r')
	            chompStart = i;
	        else
	            break;
	    }
	    // shortcut for empty contents
	    if (chompStart === 0) {
	        const value = header.chomp === '+' && lines.length > 0
	            ? '\n'.repeat(Math.max(1, lines.length - 1))
	            : '';
	        let end = start + header.length;
	        if (scalar.source)
	            end += scalar.source.length;
	        return { value, type, comment: header.comment, range: [start, end, end] };
	    }
	    // find the indentation level to trim from start
	    let trimIndent = scalar.indent + header.indent;
	    let offset = scalar.offset + header.length;
	    let contentStart = 0;
	    for (let i = 0; i < chompStart; ++i) {
	        const [indent, content] = lines[i];
	        if (content === '' || content === '\r') {
	            if (header.indent === 0 && indent.length > trimIndent)
	                trimIndent = indent.length;
	        }
	        else {
	            if (indent.length < trimIndent) {
	                const message = 'Block scalars with more-indented leading empty lines must use an explicit indentation indicator';
	                onError(offset + indent.length, 'MISSING_CHAR', message);
	            }
	            if (header.indent === 0)
	                trimIndent = indent.length;
	            contentStart = i;
	            if (trimIndent === 0 && !ctx.atRoot) {
	                const message = 'Block scalar values in collections must be indented';
	                onError(offset, 'BAD_INDENT', message);
	            }
	            break;
	        }
	        offset += indent.length + content.length + 1;
	    }
	    // include trailing more-indented empty lines in content
	    for (let i = lines.length - 1; i >= chompStart; --i) {
	        if (lines[i][0].length > trimIndent)
	            chompStart = i + 1;
	    }
	    let value = '';
	    let sep = '';
	    let prevMoreIndented = false;
	    // leading whitespace is kept intact
	    for (let i = 0; i < contentStart; ++i)
	        value += lines[i][0].slice(trimIndent) + '\n';
	    for (let i = contentStart; i < chompStart; ++i) {
	        let [indent, content] = lines[i];
	        offset += indent.length + content.length + 1;
	        const crlf = content[content.length - 1] === '\r';
	        if (crlf)
	            content = content.slice(0, -1);
	        /* istanbul ignore if already caught in lexer */
	        if (content && indent.length < trimIndent) {
	            const src = header.indent
	                ? 'explicit indentation indicator'
	                : 'first line';
	            const message = `Block scalar lines must not be less indented than their ${src}`;
	            onError(offset - content.length - (crlf ? 2 : 1), 'BAD_INDENT', message);
	            indent = '';
	        }
	        if (type === Scalar.Scalar.BLOCK_LITERAL) {
	            value += sep + indent.slice(trimIndent) + content;
	            sep = '\n';
	        }
	        else if (indent.length > trimIndent || content[0] === '\t') {
	            // more-indented content within a folded block
	            if (sep === ' ')
	                sep = '\n';
	            else if (!prevMoreIndented && sep === '\n')
	                sep = '\n\n';
	            value += sep + indent.slice(trimIndent) + content;
	            sep = '\n';
	            prevMoreIndented = true;
	        }
	        else if (content === '') {
	            // empty line
	            if (sep === '\n')
	                value += '\n';
	            else
	                sep = '\n';
	        }
	        else {
	            value += sep + content;
	            sep = ' ';
	            prevMoreIndented = false;
	        }
	    }
	    switch (header.chomp) {
	        case '-':
	            break;
	        case '+':
	            for (let i = chompStart; i < lines.length; ++i)
	                value += '\n' + lines[i][0].slice(trimIndent);
	            if (value[value.length - 1] !== '\n')
	                value += '\n';
	            break;
	        default:
	            value += '\n';
	    }
	    const end = start + header.length + scalar.source.length;
	    return { value, type, comment: header.comment, range: [start, end, end] };
	}
	function parseBlockScalarHeader({ offset, props }, strict, onError) {
	    /* istanbul ignore if should not happen */
	    if (props[0].type !== 'block-scalar-header') {
	        onError(props[0], 'IMPOSSIBLE', 'Block scalar header not found');
	        return null;
	    }
	    const { source } = props[0];
	    const mode = source[0];
	    let indent = 0;
	    let chomp = '';
	    let error = -1;
	    for (let i = 1; i < source.length; ++i) {
	        const ch = source[i];
	        if (!chomp && (ch === '-' || ch === '+'))
	            chomp = ch;
	        else {
	            const n = Number(ch);
	            if (!indent && n)
	                indent = n;
	            else if (error === -1)
	                error = offset + i;
	        }
	    }
	    if (error !== -1)
	        onError(error, 'UNEXPECTED_TOKEN', `Block scalar header includes extra characters: ${source}`);
	    let hasSpace = false;
	    let comment = '';
	    let length = source.length;
	    for (let i = 1; i < props.length; ++i) {
	        const token = props[i];
	        switch (token.type) {
	            case 'space':
	                hasSpace = true;
	            // fallthrough
	            case 'newline':
	                length += token.source.length;
	                break;
	            case 'comment':
	                if (strict && !hasSpace) {
	                    const message = 'Comments must be separated from other tokens by white space characters';
	                    onError(token, 'MISSING_CHAR', message);
	                }
	                length += token.source.length;
	                comment = token.source.substring(1);
	                break;
	            case 'error':
	                onError(token, 'UNEXPECTED_TOKEN', token.message);
	                length += token.source.length;
	                break;
	            /* istanbul ignore next should not happen */
	            default: {
	                const message = `Unexpected token in block scalar header: ${token.type}`;
	                onError(token, 'UNEXPECTED_TOKEN', message);
	                const ts = token.source;
	                if (ts && typeof ts === 'string')
	                    length += ts.length;
	            }
	        }
	    }
	    return { mode, indent, chomp, comment, length };
	}
	/** @returns Array of lines split up as `[indent, content]` */
	function splitLines(source) {
	    const split = source.split(/\n( *)/);
	    const first = split[0];
	    const m = first.match(/^( *)/);
	    const line0 = m?.[1]
	        ? [m[1], first.slice(m[1].length)]
	        : ['', first];
	    const lines = [line0];
	    for (let i = 1; i < split.length; i += 2)
	        lines.push([split[i], split[i + 1]]);
	    return lines;
	}

	resolveBlockScalar.resolveBlockScalar = resolveBlockScalar$1;
	return resolveBlockScalar;
}

var resolveFlowScalar = {};

var hasRequiredResolveFlowScalar;

function requireResolveFlowScalar () {
	if (hasRequiredResolveFlowScalar) return resolveFlowScalar;
	hasRequiredResolveFlowScalar = 1;

	var Scalar = requireScalar();
	var resolveEnd = requireResolveEnd();

	function resolveFlowScalar$1(scalar, strict, onError) {
	    const { offset, type, source, end } = scalar;
	    let _type;
	    let value;
	    const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
	    switch (type) {
	        case 'scalar':
	            _type = Scalar.Scalar.PLAIN;
	            value = plainValue(source, _onError);
	            break;
	        case 'single-quoted-scalar':
	            _type = Scalar.Scalar.QUOTE_SINGLE;
	            value = singleQuotedValue(source, _onError);
	            break;
	        case 'double-quoted-scalar':
	            _type = Scalar.Scalar.QUOTE_DOUBLE;
	            value = doubleQuotedValue(source, _onError);
	            break;
	        /* istanbul ignore next should not happen */
	        default:
	            onError(scalar, 'UNEXPECTED_TOKEN', `Expected a flow scalar value, but found: ${type}`);
	            return {
	                value: '',
	                type: null,
	                comment: '',
	                range: [offset, offset + source.length, offset + source.length]
	            };
	    }
	    const valueEnd = offset + source.length;
	    const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
	    return {
	        value,
	        type: _type,
	        comment: re.comment,
	        range: [offset, valueEnd, re.offset]
	    };
	}
	function plainValue(source, onError) {
	    let badChar = '';
	    switch (source[0]) {
	        /* istanbul ignore next should not happen */
	        case '\t':
	            badChar = 'a tab character';
	            break;
	        case ',':
	            badChar = 'flow indicator character ,';
	            break;
	        case '%':
	            badChar = 'directive indicator character %';
	            break;
	        case '|':
	        case '>': {
	            badChar = `block scalar indicator ${source[0]}`;
	            break;
	        }
	        case '@':
	        case '`': {
	            badChar = `reserved character ${source[0]}`;
	            break;
	        }
	    }
	    if (badChar)
	        onError(0, 'BAD_SCALAR_START', `Plain value cannot start with ${badChar}`);
	    return unfoldLines(source);
	}
	function singleQuotedValue(source, onError) {
	    if (source[source.length - 1] !== "'" || source.length === 1)
	        onError(source.length, 'MISSING_CHAR', "Missing closing 'quote");
	    return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
	}
	function unfoldLines(source) {
	    const line = /(.*?)\r?\n/sy;
	    let match = line.exec(source);
	    if (!match)
	        return source;
	    /**
	     * The negative lookbehinds in these RegExps are to
	     * prevent causing a polynomial search time in certain cases.
	     *
	     * The try-catch is for Safari < 16.4 and other old browsers:
	     * https://caniuse.com/js-regexp-lookbehind
	     */
	    let trimEnd, trimBoth;
	    try {
	        trimEnd = new RegExp('(?<![ \t])[ \t]+$');
	        trimBoth = new RegExp('^[ \t]+|(?<![ \t])[ \t]+$', 'g');
	    }
	    catch {
	        trimEnd = /[ \t]+$/;
	        trimBoth = /^[ \t]+|[ \t]+$/g;
	    }
	    let res = match[1].replace(trimEnd, '');
	    let sep = ' ';
	    let pos = line.lastIndex;
	    while ((match = line.exec(source))) {
	        const lm = match[1].replace(trimBoth, '');
	        if (lm === '') {
	            if (sep === '\n')
	                res += sep;
	            else
	                sep = '\n';
	        }
	        else {
	            res += sep + lm;
	            sep = ' ';
	        }
	        pos = line.lastIndex;
	    }
	    const last = /[ \t]*(.*)/sy;
	    last.lastIndex = pos;
	    match = last.exec(source);
	    return res + sep + (match?.[1] ?? '');
	}
	function doubleQuotedValue(source, onError) {
	    let res = '';
	    for (let i = 1; i < source.length - 1; ++i) {
	        const ch = source[i];
	        if (ch === '\r' && source[i + 1] === '\n')
	            continue;
	        if (ch === '\n') {
	            const { fold, offset } = foldNewline(source, i);
	            res += fold;
	            i = offset;
	        }
	        else if (ch === '\\') {
	            let next = source[++i];
	            const cc = escapeCodes[next];
	            if (cc)
	                res += cc;
	            else if (next === '\n') {
	                // skip escaped newlines, but still trim the following line
	                next = source[i + 1];
	                while (next === ' ' || next === '\t')
	                    next = source[++i + 1];
	            }
	            else if (next === '\r' && source[i + 1] === '\n') {
	                // skip escaped CRLF newlines, but still trim the following line
	                next = source[++i + 1];
	                while (next === ' ' || next === '\t')
	                    next = source[++i + 1];
	            }
	            else if (next === 'x' || next === 'u' || next === 'U') {
	                const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
	                res += parseCharCode(source, i + 1, length, onError);
	                i += length;
	            }
	            else {
	                const raw = source.substr(i - 1, 2);
	                onError(i - 1, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
	                res += raw;
	            }
	        }
	        else if (ch === ' ' || ch === '\t') {
	            // trim trailing whitespace
	            const wsStart = i;
	            let next = source[i + 1];
	            while (next === ' ' || next === '\t')
	                next = source[++i + 1];
	            if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n'))
	                res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
	        }
	        else {
	            res += ch;
	        }
	    }
	    if (source[source.length - 1] !== '"' || source.length === 1)
	        onError(source.length, 'MISSING_CHAR', 'Missing closing "quote');
	    return res;
	}
	/**
	 * Fold a single newline into a space, multiple newlines to N - 1 newlines.
	 * Presumes `source[offset] === '\n'`
	 */
	function foldNewline(source, offset) {
	    let fold = '';
	    let ch = source[offset + 1];
	    while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
	        if (ch === '\r' && source[offset + 2] !== '\n')
	            break;
	        if (ch === '\n')
	            fold += '\n';
	        offset += 1;
	        ch = source[offset + 1];
	    }
	    if (!fold)
	        fold = ' ';
	    return { fold, offset };
	}
	const escapeCodes = {
	    '0': '\0', // null character
	    a: '\x07', // bell character
	    b: '\b', // backspace
	    e: '\x1b', // escape character
	    f: '\f', // form feed
	    n: '\n', // line feed
	    r: '\r', // carriage return
	    t: '\t', // horizontal tab
	    v: '\v', // vertical tab
	    N: '\u0085', // Unicode next line
	    _: '\u00a0', // Unicode non-breaking space
	    L: '\u2028', // Unicode line separator
	    P: '\u2029', // Unicode paragraph separator
	    ' ': ' ',
	    '"': '"',
	    '/': '/',
	    '\\': '\\',
	    '\t': '\t'
	};
	function parseCharCode(source, offset, length, onError) {
	    const cc = source.substr(offset, length);
	    const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
	    const code = ok ? parseInt(cc, 16) : NaN;
	    try {
	        return String.fromCodePoint(code);
	    }
	    catch {
	        const raw = source.substr(offset - 2, length + 2);
	        onError(offset - 2, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
	        return raw;
	    }
	}

	resolveFlowScalar.resolveFlowScalar = resolveFlowScalar$1;
	return resolveFlowScalar;
}

var hasRequiredComposeScalar;

function requireComposeScalar () {
	if (hasRequiredComposeScalar) return composeScalar;
	hasRequiredComposeScalar = 1;

	var identity = requireIdentity();
	var Scalar = requireScalar();
	var resolveBlockScalar = requireResolveBlockScalar();
	var resolveFlowScalar = requireResolveFlowScalar();

	function composeScalar$1(ctx, token, tagToken, onError) {
	    const { value, type, comment, range } = token.type === 'block-scalar'
	        ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError)
	        : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
	    const tagName = tagToken
	        ? ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg))
	        : null;
	    let tag;
	    if (ctx.options.stringKeys && ctx.atKey) {
	        tag = ctx.schema[identity.SCALAR];
	    }
	    else if (tagName)
	        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
	    else if (token.type === 'scalar')
	        tag = findScalarTagByTest(ctx, value, token, onError);
	    else
	        tag = ctx.schema[identity.SCALAR];
	    let scalar;
	    try {
	        const res = tag.resolve(value, msg => onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg), ctx.options);
	        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
	    }
	    catch (error) {
	        const msg = error instanceof Error ? error.message : String(error);
	        onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg);
	        scalar = new Scalar.Scalar(value);
	    }
	    scalar.range = range;
	    scalar.source = value;
	    if (type)
	        scalar.type = type;
	    if (tagName)
	        scalar.tag = tagName;
	    if (tag.format)
	        scalar.format = tag.format;
	    if (comment)
	        scalar.comment = comment;
	    return scalar;
	}
	function findScalarTagByName(schema, value, tagName, tagToken, onError) {
	    if (tagName === '!')
	        return schema[identity.SCALAR]; // non-specific tag
	    const matchWithTest = [];
	    for (const tag of schema.tags) {
	        if (!tag.collection && tag.tag === tagName) {
	            if (tag.default && tag.test)
	                matchWithTest.push(tag);
	            else
	                return tag;
	        }
	    }
	    for (const tag of matchWithTest)
	        if (tag.test?.test(value))
	            return tag;
	    const kt = schema.knownTags[tagName];
	    if (kt && !kt.collection) {
	        // Ensure that the known tag is available for stringifying,
	        // but does not get used by default.
	        schema.tags.push(Object.assign({}, kt, { default: false, test: undefined }));
	        return kt;
	    }
	    onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, tagName !== 'tag:yaml.org,2002:str');
	    return schema[identity.SCALAR];
	}
	function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
	    const tag = schema.tags.find(tag => (tag.default === true || (atKey && tag.default === 'key')) &&
	        tag.test?.test(value)) || schema[identity.SCALAR];
	    if (schema.compat) {
	        const compat = schema.compat.find(tag => tag.default && tag.test?.test(value)) ??
	            schema[identity.SCALAR];
	        if (tag.tag !== compat.tag) {
	            const ts = directives.tagString(tag.tag);
	            const cs = directives.tagString(compat.tag);
	            const msg = `Value may be parsed as either ${ts} or ${cs}`;
	            onError(token, 'TAG_RESOLVE_FAILED', msg, true);
	        }
	    }
	    return tag;
	}

	composeScalar.composeScalar = composeScalar$1;
	return composeScalar;
}

var utilEmptyScalarPosition = {};

var hasRequiredUtilEmptyScalarPosition;

function requireUtilEmptyScalarPosition () {
	if (hasRequiredUtilEmptyScalarPosition) return utilEmptyScalarPosition;
	hasRequiredUtilEmptyScalarPosition = 1;

	function emptyScalarPosition(offset, before, pos) {
	    if (before) {
	        pos ?? (pos = before.length);
	        for (let i = pos - 1; i >= 0; --i) {
	            let st = before[i];
	            switch (st.type) {
	                case 'space':
	                case 'comment':
	                case 'newline':
	                    offset -= st.source.length;
	                    continue;
	            }
	            // Technically, an empty scalar is immediately after the last non-empty
	            // node, but it's more useful to place it after any whitespace.
	            st = before[++i];
	            while (st?.type === 'space') {
	                offset += st.source.length;
	                st = before[++i];
	            }
	            break;
	        }
	    }
	    return offset;
	}

	utilEmptyScalarPosition.emptyScalarPosition = emptyScalarPosition;
	return utilEmptyScalarPosition;
}

var hasRequiredComposeNode;

function requireComposeNode () {
	if (hasRequiredComposeNode) return composeNode;
	hasRequiredComposeNode = 1;

	var Alias = requireAlias();
	var identity = requireIdentity();
	var composeCollection = requireComposeCollection();
	var composeScalar = requireComposeScalar();
	var resolveEnd = requireResolveEnd();
	var utilEmptyScalarPosition = requireUtilEmptyScalarPosition();

	const CN = { composeNode: composeNode$1, composeEmptyNode };
	function composeNode$1(ctx, token, props, onError) {
	    const atKey = ctx.atKey;
	    const { spaceBefore, comment, anchor, tag } = props;
	    let node;
	    let isSrcToken = true;
	    switch (token.type) {
	        case 'alias':
	            node = composeAlias(ctx, token, onError);
	            if (anchor || tag)
	                onError(token, 'ALIAS_PROPS', 'An alias node must not specify any properties');
	            break;
	        case 'scalar':
	        case 'single-quoted-scalar':
	        case 'double-quoted-scalar':
	        case 'block-scalar':
	            node = composeScalar.composeScalar(ctx, token, tag, onError);
	            if (anchor)
	                node.anchor = anchor.source.substring(1);
	            break;
	        case 'block-map':
	        case 'block-seq':
	        case 'flow-collection':
	            try {
	                node = composeCollection.composeCollection(CN, ctx, token, props, onError);
	                if (anchor)
	                    node.anchor = anchor.source.substring(1);
	            }
	            catch (error) {
	                // Almost certainly here due to a stack overflow
	                const message = error instanceof Error ? error.message : String(error);
	                onError(token, 'RESOURCE_EXHAUSTION', message);
	            }
	            break;
	        default: {
	            const message = token.type === 'error'
	                ? token.message
	                : `Unsupported token (type: ${token.type})`;
	            onError(token, 'UNEXPECTED_TOKEN', message);
	            isSrcToken = false;
	        }
	    }
	    node ?? (node = composeEmptyNode(ctx, token.offset, undefined, null, props, onError));
	    if (anchor && node.anchor === '')
	        onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
	    if (atKey &&
	        ctx.options.stringKeys &&
	        (!identity.isScalar(node) ||
	            typeof node.value !== 'string' ||
	            (node.tag && node.tag !== 'tag:yaml.org,2002:str'))) {
	        const msg = 'With stringKeys, all keys must be strings';
	        onError(tag ?? token, 'NON_STRING_KEY', msg);
	    }
	    if (spaceBefore)
	        node.spaceBefore = true;
	    if (comment) {
	        if (token.type === 'scalar' && token.source === '')
	            node.comment = comment;
	        else
	            node.commentBefore = comment;
	    }
	    // @ts-expect-error Type checking misses meaning of isSrcToken
	    if (ctx.options.keepSourceTokens && isSrcToken)
	        node.srcToken = token;
	    return node;
	}
	function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
	    const token = {
	        type: 'scalar',
	        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
	        indent: -1,
	        source: ''
	    };
	    const node = composeScalar.composeScalar(ctx, token, tag, onError);
	    if (anchor) {
	        node.anchor = anchor.source.substring(1);
	        if (node.anchor === '')
	            onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
	    }
	    if (spaceBefore)
	        node.spaceBefore = true;
	    if (comment) {
	        node.comment = comment;
	        node.range[2] = end;
	    }
	    return node;
	}
	function composeAlias({ options }, { offset, source, end }, onError) {
	    const alias = new Alias.Alias(source.substring(1));
	    if (alias.source === '')
	        onError(offset, 'BAD_ALIAS', 'Alias cannot be an empty string');
	    if (alias.source.endsWith(':'))
	        onError(offset + source.length - 1, 'BAD_ALIAS', 'Alias ending in : is ambiguous', true);
	    const valueEnd = offset + source.length;
	    const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
	    alias.range = [offset, valueEnd, re.offset];
	    if (re.comment)
	        alias.comment = re.comment;
	    return alias;
	}

	composeNode.composeEmptyNode = composeEmptyNode;
	composeNode.composeNode = composeNode$1;
	return composeNode;
}

var hasRequiredComposeDoc;

function requireComposeDoc () {
	if (hasRequiredComposeDoc) return composeDoc;
	hasRequiredComposeDoc = 1;

	var Document = requireDocument();
	var composeNode = requireComposeNode();
	var resolveEnd = requireResolveEnd();
	var resolveProps = requireResolveProps();

	function composeDoc$1(options, directives, { offset, start, value, end }, onError) {
	    const opts = Object.assign({ _directives: directives }, options);
	    const doc = new Document.Document(undefined, opts);
	    const ctx = {
	        atKey: false,
	        atRoot: true,
	        directives: doc.directives,
	        options: doc.options,
	        schema: doc.schema
	    };
	    const props = resolveProps.resolveProps(start, {
	        indicator: 'doc-start',
	        next: value ?? end?.[0],
	        offset,
	        onError,
	        parentIndent: 0,
	        startOnNewline: true
	    });
	    if (props.found) {
	        doc.directives.docStart = true;
	        if (value &&
	            (value.type === 'block-map' || value.type === 'block-seq') &&
	            !props.hasNewline)
	            onError(props.end, 'MISSING_CHAR', 'Block collection cannot start on same line with directives-end marker');
	    }
	    // @ts-expect-error If Contents is set, let's trust the user
	    doc.contents = value
	        ? composeNode.composeNode(ctx, value, props, onError)
	        : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
	    const contentEnd = doc.contents.range[2];
	    const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
	    if (re.comment)
	        doc.comment = re.comment;
	    doc.range = [offset, contentEnd, re.offset];
	    return doc;
	}

	composeDoc.composeDoc = composeDoc$1;
	return composeDoc;
}

var hasRequiredComposer;

function requireComposer () {
	if (hasRequiredComposer) return composer;
	hasRequiredComposer = 1;

	var node_process = require$$0;
	var directives = requireDirectives();
	var Document = requireDocument();
	var errors = requireErrors();
	var identity = requireIdentity();
	var composeDoc = requireComposeDoc();
	var resolveEnd = requireResolveEnd();

	function getErrorPos(src) {
	    if (typeof src === 'number')
	        return [src, src + 1];
	    if (Array.isArray(src))
	        return src.length === 2 ? src : [src[0], src[1]];
	    const { offset, source } = src;
	    return [offset, offset + (typeof source === 'string' ? source.length : 1)];
	}
	function parsePrelude(prelude) {
	    let comment = '';
	    let atComment = false;
	    let afterEmptyLine = false;
	    for (let i = 0; i < prelude.length; ++i) {
	        const source = prelude[i];
	        switch (source[0]) {
	            case '#':
	                comment +=
	                    (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') +
	                        (source.substring(1) || ' ');
	                atComment = true;
	                afterEmptyLine = false;
	                break;
	            case '%':
	                if (prelude[i + 1]?.[0] !== '#')
	                    i += 1;
	                atComment = false;
	                break;
	            default:
	                // This may be wrong after doc-end, but in that case it doesn't matter
	                if (!atComment)
	                    afterEmptyLine = true;
	                atComment = false;
	        }
	    }
	    return { comment, afterEmptyLine };
	}
	/**
	 * Compose a stream of CST nodes into a stream of YAML Documents.
	 *
	 * ```ts
	 * import { Composer, Parser } from 'yaml'
	 *
	 * const src: string = ...
	 * const tokens = new Parser().parse(src)
	 * const docs = new Composer().compose(tokens)
	 * ```
	 */
	class Composer {
	    constructor(options = {}) {
	        this.doc = null;
	        this.atDirectives = false;
	        this.prelude = [];
	        this.errors = [];
	        this.warnings = [];
	        this.onError = (source, code, message, warning) => {
	            const pos = getErrorPos(source);
	            if (warning)
	                this.warnings.push(new errors.YAMLWarning(pos, code, message));
	            else
	                this.errors.push(new errors.YAMLParseError(pos, code, message));
	        };
	        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
	        this.directives = new directives.Directives({ version: options.version || '1.2' });
	        this.options = options;
	    }
	    decorate(doc, afterDoc) {
	        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
	        //console.log({ dc: doc.comment, prelude, comment })
	        if (comment) {
	            const dc = doc.contents;
	            if (afterDoc) {
	                doc.comment = doc.comment ? `${doc.comment}\n${comment}` : comment;
	            }
	            else if (afterEmptyLine || doc.directives.docStart || !dc) {
	                doc.commentBefore = comment;
	            }
	            else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
	                let it = dc.items[0];
	                if (identity.isPair(it))
	                    it = it.key;
	                const cb = it.commentBefore;
	                it.commentBefore = cb ? `${comment}\n${cb}` : comment;
	            }
	            else {
	                const cb = dc.commentBefore;
	                dc.commentBefore = cb ? `${comment}\n${cb}` : comment;
	            }
	        }
	        if (afterDoc) {
	            for (let i = 0; i < this.errors.length; ++i)
	                doc.errors.push(this.errors[i]);
	            for (let i = 0; i < this.warnings.length; ++i)
	                doc.warnings.push(this.warnings[i]);
	        }
	        else {
	            doc.errors = this.errors;
	            doc.warnings = this.warnings;
	        }
	        this.prelude = [];
	        this.errors = [];
	        this.warnings = [];
	    }
	    /**
	     * Current stream status information.
	     *
	     * Mostly useful at the end of input for an empty stream.
	     */
	    streamInfo() {
	        return {
	            comment: parsePrelude(this.prelude).comment,
	            directives: this.directives,
	            errors: this.errors,
	            warnings: this.warnings
	        };
	    }
	    /**
	     * Compose tokens into documents.
	     *
	     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
	     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
	     */
	    *compose(tokens, forceDoc = false, endOffset = -1) {
	        for (const token of tokens)
	            yield* this.next(token);
	        yield* this.end(forceDoc, endOffset);
	    }
	    /** Advance the composer by one CST token. */
	    *next(token) {
	        if (node_process.env.LOG_STREAM)
	            console.dir(token, { depth: null });
	        switch (token.type) {
	            case 'directive':
	                this.directives.add(token.source, (offset, message, warning) => {
	                    const pos = getErrorPos(token);
	                    pos[0] += offset;
	                    this.onError(pos, 'BAD_DIRECTIVE', message, warning);
	                });
	                this.prelude.push(token.source);
	                this.atDirectives = true;
	                break;
	            case 'document': {
	                const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
	                if (this.atDirectives && !doc.directives.docStart)
	                    this.onError(token, 'MISSING_CHAR', 'Missing directives-end/doc-start indicator line');
	                this.decorate(doc, false);
	                if (this.doc)
	                    yield this.doc;
	                this.doc = doc;
	                this.atDirectives = false;
	                break;
	            }
	            case 'byte-order-mark':
	            case 'space':
	                break;
	            case 'comment':
	            case 'newline':
	                this.prelude.push(token.source);
	                break;
	            case 'error': {
	                const msg = token.source
	                    ? `${token.message}: ${JSON.stringify(token.source)}`
	                    : token.message;
	                const error = new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg);
	                if (this.atDirectives || !this.doc)
	                    this.errors.push(error);
	                else
	                    this.doc.errors.push(error);
	                break;
	            }
	            case 'doc-end': {
	                if (!this.doc) {
	                    const msg = 'Unexpected doc-end without preceding document';
	                    this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg));
	                    break;
	                }
	                this.doc.directives.docEnd = true;
	                const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
	                this.decorate(this.doc, true);
	                if (end.comment) {
	                    const dc = this.doc.comment;
	                    this.doc.comment = dc ? `${dc}\n${end.comment}` : end.comment;
	                }
	                this.doc.range[2] = end.offset;
	                break;
	            }
	            default:
	                this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', `Unsupported token ${token.type}`));
	        }
	    }
	    /**
	     * Call at end of input to yield any remaining document.
	     *
	     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
	     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
	     */
	    *end(forceDoc = false, endOffset = -1) {
	        if (this.doc) {
	            this.decorate(this.doc, true);
	            yield this.doc;
	            this.doc = null;
	        }
	        else if (forceDoc) {
	            const opts = Object.assign({ _directives: this.directives }, this.options);
	            const doc = new Document.Document(undefined, opts);
	            if (this.atDirectives)
	                this.onError(endOffset, 'MISSING_CHAR', 'Missing directives-end indicator line');
	            doc.range = [0, endOffset, endOffset];
	            this.decorate(doc, false);
	            yield doc;
	        }
	    }
	}

	composer.Composer = Composer;
	return composer;
}

var cst = {};

var cstScalar = {};

var hasRequiredCstScalar;

function requireCstScalar () {
	if (hasRequiredCstScalar) return cstScalar;
	hasRequiredCstScalar = 1;

	var resolveBlockScalar = requireResolveBlockScalar();
	var resolveFlowScalar = requireResolveFlowScalar();
	var errors = requireErrors();
	var stringifyString = requireStringifyString();

	function resolveAsScalar(token, strict = true, onError) {
	    if (token) {
	        const _onError = (pos, code, message) => {
	            const offset = typeof pos === 'number' ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
	            if (onError)
	                onError(offset, code, message);
	            else
	                throw new errors.YAMLParseError([offset, offset + 1], code, message);
	        };
	        switch (token.type) {
	            case 'scalar':
	            case 'single-quoted-scalar':
	            case 'double-quoted-scalar':
	                return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
	            case 'block-scalar':
	                return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
	        }
	    }
	    return null;
	}
	/**
	 * Create a new scalar token with `value`
	 *
	 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
	 * as this function does not support any schema operations and won't check for such conflicts.
	 *
	 * @param value The string representation of the value, which will have its content properly indented.
	 * @param context.end Comments and whitespace after the end of the value, or after the block scalar header. If undefined, a newline will be added.
	 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
	 * @param context.indent The indent level of the token.
	 * @param context.inFlow Is this scalar within a flow collection? This may affect the resolved type of the token's value.
	 * @param context.offset The offset position of the token.
	 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
	 */
	function createScalarToken(value, context) {
	    const { implicitKey = false, indent, inFlow = false, offset = -1, type = 'PLAIN' } = context;
	    const source = stringifyString.stringifyString({ type, value }, {
	        implicitKey,
	        indent: indent > 0 ? ' '.repeat(indent) : '',
	        inFlow,
	        options: { blockQuote: true, lineWidth: -1 }
	    });
	    const end = context.end ?? [
	        { type: 'newline', offset: -1, indent, source: '\n' }
	    ];
	    switch (source[0]) {
	        case '|':
	        case '>': {
	            const he = source.indexOf('\n');
	            const head = source.substring(0, he);
	            const body = source.substring(he + 1) + '\n';
	            const props = [
	                { type: 'block-scalar-header', offset, indent, source: head }
	            ];
	            if (!addEndtoBlockProps(props, end))
	                props.push({ type: 'newline', offset: -1, indent, source: '\n' });
	            return { type: 'block-scalar', offset, indent, props, source: body };
	        }
	        case '"':
	            return { type: 'double-quoted-scalar', offset, indent, source, end };
	        case "'":
	            return { type: 'single-quoted-scalar', offset, indent, source, end };
	        default:
	            return { type: 'scalar', offset, indent, source, end };
	    }
	}
	/**
	 * Set the value of `token` to the given string `value`, overwriting any previous contents and type that it may have.
	 *
	 * Best efforts are made to retain any comments previously associated with the `token`,
	 * though all contents within a collection's `items` will be overwritten.
	 *
	 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
	 * as this function does not support any schema operations and won't check for such conflicts.
	 *
	 * @param token Any token. If it does not include an `indent` value, the value will be stringified as if it were an implicit key.
	 * @param value The string representation of the value, which will have its content properly indented.
	 * @param context.afterKey In most cases, values after a key should have an additional level of indentation.
	 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
	 * @param context.inFlow Being within a flow collection may affect the resolved type of the token's value.
	 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
	 */
	function setScalarValue(token, value, context = {}) {
	    let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
	    let indent = 'indent' in token ? token.indent : null;
	    if (afterKey && typeof indent === 'number')
	        indent += 2;
	    if (!type)
	        switch (token.type) {
	            case 'single-quoted-scalar':
	                type = 'QUOTE_SINGLE';
	                break;
	            case 'double-quoted-scalar':
	                type = 'QUOTE_DOUBLE';
	                break;
	            case 'block-scalar': {
	                const header = token.props[0];
	                if (header.type !== 'block-scalar-header')
	                    throw new Error('Invalid block scalar header');
	                type = header.source[0] === '>' ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
	                break;
	            }
	            default:
	                type = 'PLAIN';
	        }
	    const source = stringifyString.stringifyString({ type, value }, {
	        implicitKey: implicitKey || indent === null,
	        indent: indent !== null && indent > 0 ? ' '.repeat(indent) : '',
	        inFlow,
	        options: { blockQuote: true, lineWidth: -1 }
	    });
	    switch (source[0]) {
	        case '|':
	        case '>':
	            setBlockScalarValue(token, source);
	            break;
	        case '"':
	            setFlowScalarValue(token, source, 'double-quoted-scalar');
	            break;
	        case "'":
	            setFlowScalarValue(token, source, 'single-quoted-scalar');
	            break;
	        default:
	            setFlowScalarValue(token, source, 'scalar');
	    }
	}
	function setBlockScalarValue(token, source) {
	    const he = source.indexOf('\n');
	    const head = source.substring(0, he);
	    const body = source.substring(he + 1) + '\n';
	    if (token.type === 'block-scalar') {
	        const header = token.props[0];
	        if (header.type !== 'block-scalar-header')
	            throw new Error('Invalid block scalar header');
	        header.source = head;
	        token.source = body;
	    }
	    else {
	        const { offset } = token;
	        const indent = 'indent' in token ? token.indent : -1;
	        const props = [
	            { type: 'block-scalar-header', offset, indent, source: head }
	        ];
	        if (!addEndtoBlockProps(props, 'end' in token ? token.end : undefined))
	            props.push({ type: 'newline', offset: -1, indent, source: '\n' });
	        for (const key of Object.keys(token))
	            if (key !== 'type' && key !== 'offset')
	                delete token[key];
	        Object.assign(token, { type: 'block-scalar', indent, props, source: body });
	    }
	}
	/** @returns `true` if last token is a newline */
	function addEndtoBlockProps(props, end) {
	    if (end)
	        for (const st of end)
	            switch (st.type) {
	                case 'space':
	                case 'comment':
	                    props.push(st);
	                    break;
	                case 'newline':
	                    props.push(st);
	                    return true;
	            }
	    return false;
	}
	function setFlowScalarValue(token, source, type) {
	    switch (token.type) {
	        case 'scalar':
	        case 'double-quoted-scalar':
	        case 'single-quoted-scalar':
	            token.type = type;
	            token.source = source;
	            break;
	        case 'block-scalar': {
	            const end = token.props.slice(1);
	            let oa = source.length;
	            if (token.props[0].type === 'block-scalar-header')
	                oa -= token.props[0].source.length;
	            for (const tok of end)
	                tok.offset += oa;
	            delete token.props;
	            Object.assign(token, { type, source, end });
	            break;
	        }
	        case 'block-map':
	        case 'block-seq': {
	            const offset = token.offset + source.length;
	            const nl = { type: 'newline', offset, indent: token.indent, source: '\n' };
	            delete token.items;
	            Object.assign(token, { type, source, end: [nl] });
	            break;
	        }
	        default: {
	            const indent = 'indent' in token ? token.indent : -1;
	            const end = 'end' in token && Array.isArray(token.end)
	                ? token.end.filter(st => st.type === 'space' ||
	                    st.type === 'comment' ||
	                    st.type === 'newline')
	                : [];
	            for (const key of Object.keys(token))
	                if (key !== 'type' && key !== 'offset')
	                    delete token[key];
	            Object.assign(token, { type, indent, source, end });
	        }
	    }
	}

	cstScalar.createScalarToken = createScalarToken;
	cstScalar.resolveAsScalar = resolveAsScalar;
	cstScalar.setScalarValue = setScalarValue;
	return cstScalar;
}

var cstStringify = {};

var hasRequiredCstStringify;

function requireCstStringify () {
	if (hasRequiredCstStringify) return cstStringify;
	hasRequiredCstStringify = 1;

	/**
	 * Stringify a CST document, token, or collection item
	 *
	 * Fair warning: This applies no validation whatsoever, and
	 * simply concatenates the sources in their logical order.
	 */
	const stringify = (cst) => 'type' in cst ? stringifyToken(cst) : stringifyItem(cst);
	function stringifyToken(token) {
	    switch (token.type) {
	        case 'block-scalar': {
	            let res = '';
	            for (const tok of token.props)
	                res += stringifyToken(tok);
	            return res + token.source;
	        }
	        case 'block-map':
	        case 'block-seq': {
	            let res = '';
	            for (const item of token.items)
	                res += stringifyItem(item);
	            return res;
	        }
	        case 'flow-collection': {
	            let res = token.start.source;
	            for (const item of token.items)
	                res += stringifyItem(item);
	            for (const st of token.end)
	                res += st.source;
	            return res;
	        }
	        case 'document': {
	            let res = stringifyItem(token);
	            if (token.end)
	                for (const st of token.end)
	                    res += st.source;
	            return res;
	        }
	        default: {
	            let res = token.source;
	            if ('end' in token && token.end)
	                for (const st of token.end)
	                    res += st.source;
	            return res;
	        }
	    }
	}
	function stringifyItem({ start, key, sep, value }) {
	    let res = '';
	    for (const st of start)
	        res += st.source;
	    if (key)
	        res += stringifyToken(key);
	    if (sep)
	        for (const st of sep)
	            res += st.source;
	    if (value)
	        res += stringifyToken(value);
	    return res;
	}

	cstStringify.stringify = stringify;
	return cstStringify;
}

var cstVisit = {};

var hasRequiredCstVisit;

function requireCstVisit () {
	if (hasRequiredCstVisit) return cstVisit;
	hasRequiredCstVisit = 1;

	const BREAK = Symbol('break visit');
	const SKIP = Symbol('skip children');
	const REMOVE = Symbol('remove item');
	/**
	 * Apply a visitor to a CST document or item.
	 *
	 * Walks through the tree (depth-first) starting from the root, calling a
	 * `visitor` function with two arguments when entering each item:
	 *   - `item`: The current item, which included the following members:
	 *     - `start: SourceToken[]` – Source tokens before the key or value,
	 *       possibly including its anchor or tag.
	 *     - `key?: Token | null` – Set for pair values. May then be `null`, if
	 *       the key before the `:` separator is empty.
	 *     - `sep?: SourceToken[]` – Source tokens between the key and the value,
	 *       which should include the `:` map value indicator if `value` is set.
	 *     - `value?: Token` – The value of a sequence item, or of a map pair.
	 *   - `path`: The steps from the root to the current node, as an array of
	 *     `['key' | 'value', number]` tuples.
	 *
	 * The return value of the visitor may be used to control the traversal:
	 *   - `undefined` (default): Do nothing and continue
	 *   - `visit.SKIP`: Do not visit the children of this token, continue with
	 *      next sibling
	 *   - `visit.BREAK`: Terminate traversal completely
	 *   - `visit.REMOVE`: Remove the current item, then continue with the next one
	 *   - `number`: Set the index of the next step. This is useful especially if
	 *     the index of the current token has changed.
	 *   - `function`: Define the next visitor for this item. After the original
	 *     visitor is called on item entry, next visitors are called after handling
	 *     a non-empty `key` and when exiting the item.
	 */
	function visit(cst, visitor) {
	    if ('type' in cst && cst.type === 'document')
	        cst = { start: cst.start, value: cst.value };
	    _visit(Object.freeze([]), cst, visitor);
	}
	// Without the `as symbol` casts, TS declares these in the `visit`
	// namespace using `var`, but then complains about that because
	// `unique symbol` must be `const`.
	/** Terminate visit traversal completely */
	visit.BREAK = BREAK;
	/** Do not visit the children of the current item */
	visit.SKIP = SKIP;
	/** Remove the current item */
	visit.REMOVE = REMOVE;
	/** Find the item at `path` from `cst` as the root */
	visit.itemAtPath = (cst, path) => {
	    let item = cst;
	    for (const [field, index] of path) {
	        const tok = item?.[field];
	        if (tok && 'items' in tok) {
	            item = tok.items[index];
	        }
	        else
	            return undefined;
	    }
	    return item;
	};
	/**
	 * Get the immediate parent collection of the item at `path` from `cst` as the root.
	 *
	 * Throws an error if the collection is not found, which should never happen if the item itself exists.
	 */
	visit.parentCollection = (cst, path) => {
	    const parent = visit.itemAtPath(cst, path.slice(0, -1));
	    const field = path[path.length - 1][0];
	    const coll = parent?.[field];
	    if (coll && 'items' in coll)
	        return coll;
	    throw new Error('Parent collection not found');
	};
	function _visit(path, item, visitor) {
	    let ctrl = visitor(item, path);
	    if (typeof ctrl === 'symbol')
	        return ctrl;
	    for (const field of ['key', 'value']) {
	        const token = item[field];
	        if (token && 'items' in token) {
	            for (let i = 0; i < token.items.length; ++i) {
	                const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
	                if (typeof ci === 'number')
	                    i = ci - 1;
	                else if (ci === BREAK)
	                    return BREAK;
	                else if (ci === REMOVE) {
	                    token.items.splice(i, 1);
	                    i -= 1;
	                }
	            }
	            if (typeof ctrl === 'function' && field === 'key')
	                ctrl = ctrl(item, path);
	        }
	    }
	    return typeof ctrl === 'function' ? ctrl(item, path) : ctrl;
	}

	cstVisit.visit = visit;
	return cstVisit;
}

var hasRequiredCst;

function requireCst () {
	if (hasRequiredCst) return cst;
	hasRequiredCst = 1;

	var cstScalar = requireCstScalar();
	var cstStringify = requireCstStringify();
	var cstVisit = requireCstVisit();

	/** The byte order mark */
	const BOM = '\u{FEFF}';
	/** Start of doc-mode */
	const DOCUMENT = '\x02'; // C0: Start of Text
	/** Unexpected end of flow-mode */
	const FLOW_END = '\x18'; // C0: Cancel
	/** Next token is a scalar value */
	const SCALAR = '\x1f'; // C0: Unit Separator
	/** @returns `true` if `token` is a flow or block collection */
	const isCollection = (token) => !!token && 'items' in token;
	/** @returns `true` if `token` is a flow or block scalar; not an alias */
	const isScalar = (token) => !!token &&
	    (token.type === 'scalar' ||
	        token.type === 'single-quoted-scalar' ||
	        token.type === 'double-quoted-scalar' ||
	        token.type === 'block-scalar');
	/* istanbul ignore next */
	/** Get a printable representation of a lexer token */
	function prettyToken(token) {
	    switch (token) {
	        case BOM:
	            return '<BOM>';
	        case DOCUMENT:
	            return '<DOC>';
	        case FLOW_END:
	            return '<FLOW_END>';
	        case SCALAR:
	            return '<SCALAR>';
	        default:
	            return JSON.stringify(token);
	    }
	}
	/** Identify the type of a lexer token. May return `null` for unknown tokens. */
	function tokenType(source) {
	    switch (source) {
	        case BOM:
	            return 'byte-order-mark';
	        case DOCUMENT:
	            return 'doc-mode';
	        case FLOW_END:
	            return 'flow-error-end';
	        case SCALAR:
	            return 'scalar';
	        case '---':
	            return 'doc-start';
	        case '...':
	            return 'doc-end';
	        case '':
	        case '\n':
	        case '\r\n':
	            return 'newline';
	        case '-':
	            return 'seq-item-ind';
	        case '?':
	            return 'explicit-key-ind';
	        case ':':
	            return 'map-value-ind';
	        case '{':
	            return 'flow-map-start';
	        case '}':
	            return 'flow-map-end';
	        case '[':
	            return 'flow-seq-start';
	        case ']':
	            return 'flow-seq-end';
	        case ',':
	            return 'comma';
	    }
	    switch (source[0]) {
	        case ' ':
	        case '\t':
	            return 'space';
	        case '#':
	            return 'comment';
	        case '%':
	            return 'directive-line';
	        case '*':
	            return 'alias';
	        case '&':
	            return 'anchor';
	        case '!':
	            return 'tag';
	        case "'":
	            return 'single-quoted-scalar';
	        case '"':
	            return 'double-quoted-scalar';
	        case '|':
	        case '>':
	            return 'block-scalar-header';
	    }
	    return null;
	}

	cst.createScalarToken = cstScalar.createScalarToken;
	cst.resolveAsScalar = cstScalar.resolveAsScalar;
	cst.setScalarValue = cstScalar.setScalarValue;
	cst.stringify = cstStringify.stringify;
	cst.visit = cstVisit.visit;
	cst.BOM = BOM;
	cst.DOCUMENT = DOCUMENT;
	cst.FLOW_END = FLOW_END;
	cst.SCALAR = SCALAR;
	cst.isCollection = isCollection;
	cst.isScalar = isScalar;
	cst.prettyToken = prettyToken;
	cst.tokenType = tokenType;
	return cst;
}

var lexer = {};

var hasRequiredLexer;

function requireLexer () {
	if (hasRequiredLexer) return lexer;
	hasRequiredLexer = 1;

	var cst = requireCst();

	/*
	START -> stream

	stream
	  directive -> line-end -> stream
	  indent + line-end -> stream
	  [else] -> line-start

	line-end
	  comment -> line-end
	  newline -> .
	  input-end -> END

	line-start
	  doc-start -> doc
	  doc-end -> stream
	  [else] -> indent -> block-start

	block-start
	  seq-item-start -> block-start
	  explicit-key-start -> block-start
	  map-value-start -> block-start
	  [else] -> doc

	doc
	  line-end -> line-start
	  spaces -> doc
	  anchor -> doc
	  tag -> doc
	  flow-start -> flow -> doc
	  flow-end -> error -> doc
	  seq-item-start -> error -> doc
	  explicit-key-start -> error -> doc
	  map-value-start -> doc
	  alias -> doc
	  quote-start -> quoted-scalar -> doc
	  block-scalar-header -> line-end -> block-scalar(min) -> line-start
	  [else] -> plain-scalar(false, min) -> doc

	flow
	  line-end -> flow
	  spaces -> flow
	  anchor -> flow
	  tag -> flow
	  flow-start -> flow -> flow
	  flow-end -> .
	  seq-item-start -> error -> flow
	  explicit-key-start -> flow
	  map-value-start -> flow
	  alias -> flow
	  quote-start -> quoted-scalar -> flow
	  comma -> flow
	  [else] -> plain-scalar(true, 0) -> flow

	quoted-scalar
	  quote-end -> .
	  [else] -> quoted-scalar

	block-scalar(min)
	  newline + peek(indent < min) -> .
	  [else] -> block-scalar(min)

	plain-scalar(is-flow, min)
	  scalar-end(is-flow) -> .
	  peek(newline + (indent < min)) -> .
	  [else] -> plain-scalar(min)
	*/
	function isEmpty(ch) {
	    switch (ch) {
	        case undefined:
	        case ' ':
	        case '\n':
	        case '\r':
	        case '\t':
	            return true;
	        default:
	            return false;
	    }
	}
	const hexDigits = new Set('0123456789ABCDEFabcdef');
	const tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
	const flowIndicatorChars = new Set(',[]{}');
	const invalidAnchorChars = new Set(' ,[]{}\n\r\t');
	const isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
	/**
	 * Splits an input string into lexical tokens, i.e. smaller strings that are
	 * easily identifiable by `tokens.tokenType()`.
	 *
	 * Lexing starts always in a "stream" context. Incomplete input may be buffered
	 * until a complete token can be emitted.
	 *
	 * In addition to slices of the original input, the following control characters
	 * may also be emitted:
	 *
	 * - `\x02` (Start of Text): A document starts with the next token
	 * - `\x18` (Cancel): Unexpected end of flow-mode (indicates an error)
	 * - `\x1f` (Unit Separator): Next token is a scalar value
	 * - `\u{FEFF}` (Byte order mark): Emitted separately outside documents
	 */
	class Lexer {
	    constructor() {
	        /**
	         * Flag indicating whether the end of the current buffer marks the end of
	         * all input
	         */
	        this.atEnd = false;
	        /**
	         * Explicit indent set in block scalar header, as an offset from the current
	         * minimum indent, so e.g. set to 1 from a header `|2+`. Set to -1 if not
	         * explicitly set.
	         */
	        this.blockScalarIndent = -1;
	        /**
	         * Block scalars that include a + (keep) chomping indicator in their header
	         * include trailing empty lines, which are otherwise excluded from the
	         * scalar's contents.
	         */
	        this.blockScalarKeep = false;
	        /** Current input */
	        this.buffer = '';
	        /**
	         * Flag noting whether the map value indicator : can immediately follow this
	         * node within a flow context.
	         */
	        this.flowKey = false;
	        /** Count of surrounding flow collection levels. */
	        this.flowLevel = 0;
	        /**
	         * Minimum level of indentation required for next lines to be parsed as a
	         * part of the current scalar value.
	         */
	        this.indentNext = 0;
	        /** Indentation level of the current line. */
	        this.indentValue = 0;
	        /** Position of the next \n character. */
	        this.lineEndPos = null;
	        /** Stores the state of the lexer if reaching the end of incpomplete input */
	        this.next = null;
	        /** A pointer to `buffer`; the current position of the lexer. */
	        this.pos = 0;
	    }
	    /**
	     * Generate YAML tokens from the `source` string. If `incomplete`,
	     * a part of the last line may be left as a buffer for the next call.
	     *
	     * @returns A generator of lexical tokens
	     */
	    *lex(source, incomplete = false) {
	        if (source) {
	            if (typeof source !== 'string')
	                throw TypeError('source is not a string');
	            this.buffer = this.buffer ? this.buffer + source : source;
	            this.lineEndPos = null;
	        }
	        this.atEnd = !incomplete;
	        let next = this.next ?? 'stream';
	        while (next && (incomplete || this.hasChars(1)))
	            next = yield* this.parseNext(next);
	    }
	    atLineEnd() {
	        let i = this.pos;
	        let ch = this.buffer[i];
	        while (ch === ' ' || ch === '\t')
	            ch = this.buffer[++i];
	        if (!ch || ch === '#' || ch === '\n')
	            return true;
	        if (ch === '\r')
	            return this.buffer[i + 1] === '\n';
	        return false;
	    }
	    charAt(n) {
	        return this.buffer[this.pos + n];
	    }
	    continueScalar(offset) {
	        let ch = this.buffer[offset];
	        if (this.indentNext > 0) {
	            let indent = 0;
	            while (ch === ' ')
	                ch = this.buffer[++indent + offset];
	            if (ch === '\r') {
	                const next = this.buffer[indent + offset + 1];
	                if (next === '\n' || (!next && !this.atEnd))
	                    return offset + indent + 1;
	            }
	            return ch === '\n' || indent >= this.indentNext || (!ch && !this.atEnd)
	                ? offset + indent
	                : -1;
	        }
	        if (ch === '-' || ch === '.') {
	            const dt = this.buffer.substr(offset, 3);
	            if ((dt === '---' || dt === '...') && isEmpty(this.buffer[offset + 3]))
	                return -1;
	        }
	        return offset;
	    }
	    getLine() {
	        let end = this.lineEndPos;
	        if (typeof end !== 'number' || (end !== -1 && end < this.pos)) {
	            end = this.buffer.indexOf('\n', this.pos);
	            this.lineEndPos = end;
	        }
	        if (end === -1)
	            return this.atEnd ? this.buffer.substring(this.pos) : null;
	        if (this.buffer[end - 1] === '\r')
	            end -= 1;
	        return this.buffer.substring(this.pos, end);
	    }
	    hasChars(n) {
	        return this.pos + n <= this.buffer.length;
	    }
	    setNext(state) {
	        this.buffer = this.buffer.substring(this.pos);
	        this.pos = 0;
	        this.lineEndPos = null;
	        this.next = state;
	        return null;
	    }
	    peek(n) {
	        return this.buffer.substr(this.pos, n);
	    }
	    *parseNext(next) {
	        switch (next) {
	            case 'stream':
	                return yield* this.parseStream();
	            case 'line-start':
	                return yield* this.parseLineStart();
	            case 'block-start':
	                return yield* this.parseBlockStart();
	            case 'doc':
	                return yield* this.parseDocument();
	            case 'flow':
	                return yield* this.parseFlowCollection();
	            case 'quoted-scalar':
	                return yield* this.parseQuotedScalar();
	            case 'block-scalar':
	                return yield* this.parseBlockScalar();
	            case 'plain-scalar':
	                return yield* this.parsePlainScalar();
	        }
	    }
	    *parseStream() {
	        let line = this.getLine();
	        if (line === null)
	            return this.setNext('stream');
	        if (line[0] === cst.BOM) {
	            yield* this.pushCount(1);
	            line = line.substring(1);
	        }
	        if (line[0] === '%') {
	            let dirEnd = line.length;
	            let cs = line.indexOf('#');
	            while (cs !== -1) {
	                const ch = line[cs - 1];
	                if (ch === ' ' || ch === '\t') {
	                    dirEnd = cs - 1;
	                    break;
	                }
	                else {
	                    cs = line.indexOf('#', cs + 1);
	                }
	            }
	            while (true) {
	                const ch = line[dirEnd - 1];
	                if (ch === ' ' || ch === '\t')
	                    dirEnd -= 1;
	                else
	                    break;
	            }
	            const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
	            yield* this.pushCount(line.length - n); // possible comment
	            this.pushNewline();
	            return 'stream';
	        }
	        if (this.atLineEnd()) {
	            const sp = yield* this.pushSpaces(true);
	            yield* this.pushCount(line.length - sp);
	            yield* this.pushNewline();
	            return 'stream';
	        }
	        yield cst.DOCUMENT;
	        return yield* this.parseLineStart();
	    }
	    *parseLineStart() {
	        const ch = this.charAt(0);
	        if (!ch && !this.atEnd)
	            return this.setNext('line-start');
	        if (ch === '-' || ch === '.') {
	            if (!this.atEnd && !this.hasChars(4))
	                return this.setNext('line-start');
	            const s = this.peek(3);
	            if ((s === '---' || s === '...') && isEmpty(this.charAt(3))) {
	                yield* this.pushCount(3);
	                this.indentValue = 0;
	                this.indentNext = 0;
	                return s === '---' ? 'doc' : 'stream';
	            }
	        }
	        this.indentValue = yield* this.pushSpaces(false);
	        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
	            this.indentNext = this.indentValue;
	        return yield* this.parseBlockStart();
	    }
	    *parseBlockStart() {
	        const [ch0, ch1] = this.peek(2);
	        if (!ch1 && !this.atEnd)
	            return this.setNext('block-start');
	        if ((ch0 === '-' || ch0 === '?' || ch0 === ':') && isEmpty(ch1)) {
	            const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
	            this.indentNext = this.indentValue + 1;
	            this.indentValue += n;
	            return 'block-start';
	        }
	        return 'doc';
	    }
	    *parseDocument() {
	        yield* this.pushSpaces(true);
	        const line = this.getLine();
	        if (line === null)
	            return this.setNext('doc');
	        let n = yield* this.pushIndicators();
	        switch (line[n]) {
	            case '#':
	                yield* this.pushCount(line.length - n);
	            // fallthrough
	            case undefined:
	                yield* this.pushNewline();
	                return yield* this.parseLineStart();
	            case '{':
	            case '[':
	                yield* this.pushCount(1);
	                this.flowKey = false;
	                this.flowLevel = 1;
	                return 'flow';
	            case '}':
	            case ']':
	                // this is an error
	                yield* this.pushCount(1);
	                return 'doc';
	            case '*':
	                yield* this.pushUntil(isNotAnchorChar);
	                return 'doc';
	            case '"':
	            case "'":
	                return yield* this.parseQuotedScalar();
	            case '|':
	            case '>':
	                n += yield* this.parseBlockScalarHeader();
	                n += yield* this.pushSpaces(true);
	                yield* this.pushCount(line.length - n);
	                yield* this.pushNewline();
	                return yield* this.parseBlockScalar();
	            default:
	                return yield* this.parsePlainScalar();
	        }
	    }
	    *parseFlowCollection() {
	        let nl, sp;
	        let indent = -1;
	        do {
	            nl = yield* this.pushNewline();
	            if (nl > 0) {
	                sp = yield* this.pushSpaces(false);
	                this.indentValue = indent = sp;
	            }
	            else {
	                sp = 0;
	            }
	            sp += yield* this.pushSpaces(true);
	        } while (nl + sp > 0);
	        const line = this.getLine();
	        if (line === null)
	            return this.setNext('flow');
	        if ((indent !== -1 && indent < this.indentNext && line[0] !== '#') ||
	            (indent === 0 &&
	                (line.startsWith('---') || line.startsWith('...')) &&
	                isEmpty(line[3]))) {
	            // Allowing for the terminal ] or } at the same (rather than greater)
	            // indent level as the initial [ or { is technically invalid, but
	            // failing here would be surprising to users.
	            const atFlowEndMarker = indent === this.indentNext - 1 &&
	                this.flowLevel === 1 &&
	                (line[0] === ']' || line[0] === '}');
	            if (!atFlowEndMarker) {
	                // this is an error
	                this.flowLevel = 0;
	                yield cst.FLOW_END;
	                return yield* this.parseLineStart();
	            }
	        }
	        let n = 0;
	        while (line[n] === ',') {
	            n += yield* this.pushCount(1);
	            n += yield* this.pushSpaces(true);
	            this.flowKey = false;
	        }
	        n += yield* this.pushIndicators();
	        switch (line[n]) {
	            case undefined:
	                return 'flow';
	            case '#':
	                yield* this.pushCount(line.length - n);
	                return 'flow';
	            case '{':
	            case '[':
	                yield* this.pushCount(1);
	                this.flowKey = false;
	                this.flowLevel += 1;
	                return 'flow';
	            case '}':
	            case ']':
	                yield* this.pushCount(1);
	                this.flowKey = true;
	                this.flowLevel -= 1;
	                return this.flowLevel ? 'flow' : 'doc';
	            case '*':
	                yield* this.pushUntil(isNotAnchorChar);
	                return 'flow';
	            case '"':
	            case "'":
	                this.flowKey = true;
	                return yield* this.parseQuotedScalar();
	            case ':': {
	                const next = this.charAt(1);
	                if (this.flowKey || isEmpty(next) || next === ',') {
	                    this.flowKey = false;
	                    yield* this.pushCount(1);
	                    yield* this.pushSpaces(true);
	                    return 'flow';
	                }
	            }
	            // fallthrough
	            default:
	                this.flowKey = false;
	                return yield* this.parsePlainScalar();
	        }
	    }
	    *parseQuotedScalar() {
	        const quote = this.charAt(0);
	        let end = this.buffer.indexOf(quote, this.pos + 1);
	        if (quote === "'") {
	            while (end !== -1 && this.buffer[end + 1] === "'")
	                end = this.buffer.indexOf("'", end + 2);
	        }
	        else {
	            // double-quote
	            while (end !== -1) {
	                let n = 0;
	                while (this.buffer[end - 1 - n] === '\\')
	                    n += 1;
	                if (n % 2 === 0)
	                    break;
	                end = this.buffer.indexOf('"', end + 1);
	            }
	        }
	        // Only looking for newlines within the quotes
	        const qb = this.buffer.substring(0, end);
	        let nl = qb.indexOf('\n', this.pos);
	        if (nl !== -1) {
	            while (nl !== -1) {
	                const cs = this.continueScalar(nl + 1);
	                if (cs === -1)
	                    break;
	                nl = qb.indexOf('\n', cs);
	            }
	            if (nl !== -1) {
	                // this is an error caused by an unexpected unindent
	                end = nl - (qb[nl - 1] === '\r' ? 2 : 1);
	            }
	        }
	        if (end === -1) {
	            if (!this.atEnd)
	                return this.setNext('quoted-scalar');
	            end = this.buffer.length;
	        }
	        yield* this.pushToIndex(end + 1, false);
	        return this.flowLevel ? 'flow' : 'doc';
	    }
	    *parseBlockScalarHeader() {
	        this.blockScalarIndent = -1;
	        this.blockScalarKeep = false;
	        let i = this.pos;
	        while (true) {
	            const ch = this.buffer[++i];
	            if (ch === '+')
	                this.blockScalarKeep = true;
	            else if (ch > '0' && ch <= '9')
	                this.blockScalarIndent = Number(ch) - 1;
	            else if (ch !== '-')
	                break;
	        }
	        return yield* this.pushUntil(ch => isEmpty(ch) || ch === '#');
	    }
	    *parseBlockScalar() {
	        let nl = this.pos - 1; // may be -1 if this.pos === 0
	        let indent = 0;
	        let ch;
	        loop: for (let i = this.pos; (ch = this.buffer[i]); ++i) {
	            switch (ch) {
	                case ' ':
	                    indent += 1;
	                    break;
	                case '\n':
	                    nl = i;
	                    indent = 0;
	                    break;
	                case '\r': {
	                    const next = this.buffer[i + 1];
	                    if (!next && !this.atEnd)
	                        return this.setNext('block-scalar');
	                    if (next === '\n')
	                        break;
	                } // fallthrough
	                default:
	                    break loop;
	            }
	        }
	        if (!ch && !this.atEnd)
	            return this.setNext('block-scalar');
	        if (indent >= this.indentNext) {
	            if (this.blockScalarIndent === -1)
	                this.indentNext = indent;
	            else {
	                this.indentNext =
	                    this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
	            }
	            do {
	                const cs = this.continueScalar(nl + 1);
	                if (cs === -1)
	                    break;
	                nl = this.buffer.indexOf('\n', cs);
	            } while (nl !== -1);
	            if (nl === -1) {
	                if (!this.atEnd)
	                    return this.setNext('block-scalar');
	                nl = this.buffer.length;
	            }
	        }
	        // Trailing insufficiently indented tabs are invalid.
	        // To catch that during parsing, we include them in the block scalar value.
	        let i = nl + 1;
	        ch = this.buffer[i];
	        while (ch === ' ')
	            ch = this.buffer[++i];
	        if (ch === '\t') {
	            while (ch === '\t' || ch === ' ' || ch === '\r' || ch === '\n')
	                ch = this.buffer[++i];
	            nl = i - 1;
	        }
	        else if (!this.blockScalarKeep) {
	            do {
	                let i = nl - 1;
	                let ch = this.buffer[i];
	                if (ch === '\r')
	                    ch = this.buffer[--i];
	                const lastChar = i; // Drop the line if last char not more indented
	                while (ch === ' ')
	                    ch = this.buffer[--i];
	                if (ch === '\n' && i >= this.pos && i + 1 + indent > lastChar)
	                    nl = i;
	                else
	                    break;
	            } while (true);
	        }
	        yield cst.SCALAR;
	        yield* this.pushToIndex(nl + 1, true);
	        return yield* this.parseLineStart();
	    }
	    *parsePlainScalar() {
	        const inFlow = this.flowLevel > 0;
	        let end = this.pos - 1;
	        let i = this.pos - 1;
	        let ch;
	        while ((ch = this.buffer[++i])) {
	            if (ch === ':') {
	                const next = this.buffer[i + 1];
	                if (isEmpty(next) || (inFlow && flowIndicatorChars.has(next)))
	                    break;
	                end = i;
	            }
	            else if (isEmpty(ch)) {
	                let next = this.buffer[i + 1];
	                if (ch === '\r') {
	                    if (next === '\n') {
	                        i += 1;
	                        ch = '\n';
	                        next = this.buffer[i + 1];
	                    }
	                    else
	                        end = i;
	                }
	                if (next === '#' || (inFlow && flowIndicatorChars.has(next)))
	                    break;
	                if (ch === '\n') {
	                    const cs = this.continueScalar(i + 1);
	                    if (cs === -1)
	                        break;
	                    i = Math.max(i, cs - 2); // to advance, but still account for ' #'
	                }
	            }
	            else {
	                if (inFlow && flowIndicatorChars.has(ch))
	                    break;
	                end = i;
	            }
	        }
	        if (!ch && !this.atEnd)
	            return this.setNext('plain-scalar');
	        yield cst.SCALAR;
	        yield* this.pushToIndex(end + 1, true);
	        return inFlow ? 'flow' : 'doc';
	    }
	    *pushCount(n) {
	        if (n > 0) {
	            yield this.buffer.substr(this.pos, n);
	            this.pos += n;
	            return n;
	        }
	        return 0;
	    }
	    *pushToIndex(i, allowEmpty) {
	        const s = this.buffer.slice(this.pos, i);
	        if (s) {
	            yield s;
	            this.pos += s.length;
	            return s.length;
	        }
	        else if (allowEmpty)
	            yield '';
	        return 0;
	    }
	    *pushIndicators() {
	        let n = 0;
	        loop: while (true) {
	            switch (this.charAt(0)) {
	                case '!':
	                    n += yield* this.pushTag();
	                    n += yield* this.pushSpaces(true);
	                    continue loop;
	                case '&':
	                    n += yield* this.pushUntil(isNotAnchorChar);
	                    n += yield* this.pushSpaces(true);
	                    continue loop;
	                case '-': // this is an error
	                case '?': // this is an error outside flow collections
	                case ':': {
	                    const inFlow = this.flowLevel > 0;
	                    const ch1 = this.charAt(1);
	                    if (isEmpty(ch1) || (inFlow && flowIndicatorChars.has(ch1))) {
	                        if (!inFlow)
	                            this.indentNext = this.indentValue + 1;
	                        else if (this.flowKey)
	                            this.flowKey = false;
	                        n += yield* this.pushCount(1);
	                        n += yield* this.pushSpaces(true);
	                        continue loop;
	                    }
	                }
	            }
	            break loop;
	        }
	        return n;
	    }
	    *pushTag() {
	        if (this.charAt(1) === '<') {
	            let i = this.pos + 2;
	            let ch = this.buffer[i];
	            while (!isEmpty(ch) && ch !== '>')
	                ch = this.buffer[++i];
	            return yield* this.pushToIndex(ch === '>' ? i + 1 : i, false);
	        }
	        else {
	            let i = this.pos + 1;
	            let ch = this.buffer[i];
	            while (ch) {
	                if (tagChars.has(ch))
	                    ch = this.buffer[++i];
	                else if (ch === '%' &&
	                    hexDigits.has(this.buffer[i + 1]) &&
	                    hexDigits.has(this.buffer[i + 2])) {
	                    ch = this.buffer[(i += 3)];
	                }
	                else
	                    break;
	            }
	            return yield* this.pushToIndex(i, false);
	        }
	    }
	    *pushNewline() {
	        const ch = this.buffer[this.pos];
	        if (ch === '\n')
	            return yield* this.pushCount(1);
	        else if (ch === '\r' && this.charAt(1) === '\n')
	            return yield* this.pushCount(2);
	        else
	            return 0;
	    }
	    *pushSpaces(allowTabs) {
	        let i = this.pos - 1;
	        let ch;
	        do {
	            ch = this.buffer[++i];
	        } while (ch === ' ' || (allowTabs && ch === '\t'));
	        const n = i - this.pos;
	        if (n > 0) {
	            yield this.buffer.substr(this.pos, n);
	            this.pos = i;
	        }
	        return n;
	    }
	    *pushUntil(test) {
	        let i = this.pos;
	        let ch = this.buffer[i];
	        while (!test(ch))
	            ch = this.buffer[++i];
	        return yield* this.pushToIndex(i, false);
	    }
	}

	lexer.Lexer = Lexer;
	return lexer;
}

var lineCounter = {};

var hasRequiredLineCounter;

function requireLineCounter () {
	if (hasRequiredLineCounter) return lineCounter;
	hasRequiredLineCounter = 1;

	/**
	 * Tracks newlines during parsing in order to provide an efficient API for
	 * determining the one-indexed `{ line, col }` position for any offset
	 * within the input.
	 */
	class LineCounter {
	    constructor() {
	        this.lineStarts = [];
	        /**
	         * Should be called in ascending order. Otherwise, call
	         * `lineCounter.lineStarts.sort()` before calling `linePos()`.
	         */
	        this.addNewLine = (offset) => this.lineStarts.push(offset);
	        /**
	         * Performs a binary search and returns the 1-indexed { line, col }
	         * position of `offset`. If `line === 0`, `addNewLine` has never been
	         * called or `offset` is before the first known newline.
	         */
	        this.linePos = (offset) => {
	            let low = 0;
	            let high = this.lineStarts.length;
	            while (low < high) {
	                const mid = (low + high) >> 1; // Math.floor((low + high) / 2)
	                if (this.lineStarts[mid] < offset)
	                    low = mid + 1;
	                else
	                    high = mid;
	            }
	            if (this.lineStarts[low] === offset)
	                return { line: low + 1, col: 1 };
	            if (low === 0)
	                return { line: 0, col: offset };
	            const start = this.lineStarts[low - 1];
	            return { line: low, col: offset - start + 1 };
	        };
	    }
	}

	lineCounter.LineCounter = LineCounter;
	return lineCounter;
}

var parser = {};

var hasRequiredParser;

function requireParser () {
	if (hasRequiredParser) return parser;
	hasRequiredParser = 1;

	var node_process = require$$0;
	var cst = requireCst();
	var lexer = requireLexer();

	function includesToken(list, type) {
	    for (let i = 0; i < list.length; ++i)
	        if (list[i].type === type)
	            return true;
	    return false;
	}
	function findNonEmptyIndex(list) {
	    for (let i = 0; i < list.length; ++i) {
	        switch (list[i].type) {
	            case 'space':
	            case 'comment':
	            case 'newline':
	                break;
	            default:
	                return i;
	        }
	    }
	    return -1;
	}
	function isFlowToken(token) {
	    switch (token?.type) {
	        case 'alias':
	        case 'scalar':
	        case 'single-quoted-scalar':
	        case 'double-quoted-scalar':
	        case 'flow-collection':
	            return true;
	        default:
	            return false;
	    }
	}
	function getPrevProps(parent) {
	    switch (parent.type) {
	        case 'document':
	            return parent.start;
	        case 'block-map': {
	            const it = parent.items[parent.items.length - 1];
	            return it.sep ?? it.start;
	        }
	        case 'block-seq':
	            return parent.items[parent.items.length - 1].start;
	        /* istanbul ignore next should not happen */
	        default:
	            return [];
	    }
	}
	/** Note: May modify input array */
	function getFirstKeyStartProps(prev) {
	    if (prev.length === 0)
	        return [];
	    let i = prev.length;
	    loop: while (--i >= 0) {
	        switch (prev[i].type) {
	            case 'doc-start':
	            case 'explicit-key-ind':
	            case 'map-value-ind':
	            case 'seq-item-ind':
	            case 'newline':
	                break loop;
	        }
	    }
	    while (prev[++i]?.type === 'space') {
	        /* loop */
	    }
	    return prev.splice(i, prev.length);
	}
	function arrayPushArray(target, source) {
	    // May exhaust call stack with large `source` array
	    if (source.length < 1e5)
	        Array.prototype.push.apply(target, source);
	    else
	        for (let i = 0; i < source.length; ++i)
	            target.push(source[i]);
	}
	function fixFlowSeqItems(fc) {
	    if (fc.start.type === 'flow-seq-start') {
	        for (const it of fc.items) {
	            if (it.sep &&
	                !it.value &&
	                !includesToken(it.start, 'explicit-key-ind') &&
	                !includesToken(it.sep, 'map-value-ind')) {
	                if (it.key)
	                    it.value = it.key;
	                delete it.key;
	                if (isFlowToken(it.value)) {
	                    if (it.value.end)
	                        arrayPushArray(it.value.end, it.sep);
	                    else
	                        it.value.end = it.sep;
	                }
	                else
	                    arrayPushArray(it.start, it.sep);
	                delete it.sep;
	            }
	        }
	    }
	}
	/**
	 * A YAML concrete syntax tree (CST) parser
	 *
	 * ```ts
	 * const src: string = ...
	 * for (const token of new Parser().parse(src)) {
	 *   // token: Token
	 * }
	 * ```
	 *
	 * To use the parser with a user-provided lexer:
	 *
	 * ```ts
	 * function* parse(source: string, lexer: Lexer) {
	 *   const parser = new Parser()
	 *   for (const lexeme of lexer.lex(source))
	 *     yield* parser.next(lexeme)
	 *   yield* parser.end()
	 * }
	 *
	 * const src: string = ...
	 * const lexer = new Lexer()
	 * for (const token of parse(src, lexer)) {
	 *   // token: Token
	 * }
	 * ```
	 */
	class Parser {
	    /**
	     * @param onNewLine - If defined, called separately with the start position of
	     *   each new line (in `parse()`, including the start of input).
	     */
	    constructor(onNewLine) {
	        /** If true, space and sequence indicators count as indentation */
	        this.atNewLine = true;
	        /** If true, next token is a scalar value */
	        this.atScalar = false;
	        /** Current indentation level */
	        this.indent = 0;
	        /** Current offset since the start of parsing */
	        this.offset = 0;
	        /** On the same line with a block map key */
	        this.onKeyLine = false;
	        /** Top indicates the node that's currently being built */
	        this.stack = [];
	        /** The source of the current token, set in parse() */
	        this.source = '';
	        /** The type of the current token, set in parse() */
	        this.type = '';
	        // Must be defined after `next()`
	        this.lexer = new lexer.Lexer();
	        this.onNewLine = onNewLine;
	    }
	    /**
	     * Parse `source` as a YAML stream.
	     * If `incomplete`, a part of the last line may be left as a buffer for the next call.
	     *
	     * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
	     *
	     * @returns A generator of tokens representing each directive, document, and other structure.
	     */
	    *parse(source, incomplete = false) {
	        if (this.onNewLine && this.offset === 0)
	            this.onNewLine(0);
	        for (const lexeme of this.lexer.lex(source, incomplete))
	            yield* this.next(lexeme);
	        if (!incomplete)
	            yield* this.end();
	    }
	    /**
	     * Advance the parser by the `source` of one lexical token.
	     */
	    *next(source) {
	        this.source = source;
	        if (node_process.env.LOG_TOKENS)
	            console.log('|', cst.prettyToken(source));
	        if (this.atScalar) {
	            this.atScalar = false;
	            yield* this.step();
	            this.offset += source.length;
	            return;
	        }
	        const type = cst.tokenType(source);
	        if (!type) {
	            const message = `Not a YAML token: ${source}`;
	            yield* this.pop({ type: 'error', offset: this.offset, message, source });
	            this.offset += source.length;
	        }
	        else if (type === 'scalar') {
	            this.atNewLine = false;
	            this.atScalar = true;
	            this.type = 'scalar';
	        }
	        else {
	            this.type = type;
	            yield* this.step();
	            switch (type) {
	                case 'newline':
	                    this.atNewLine = true;
	                    this.indent = 0;
	                    if (this.onNewLine)
	                        this.onNewLine(this.offset + source.length);
	                    break;
	                case 'space':
	                    if (this.atNewLine && source[0] === ' ')
	                        this.indent += source.length;
	                    break;
	                case 'explicit-key-ind':
	                case 'map-value-ind':
	                case 'seq-item-ind':
	                    if (this.atNewLine)
	                        this.indent += source.length;
	                    break;
	                case 'doc-mode':
	                case 'flow-error-end':
	                    return;
	                default:
	                    this.atNewLine = false;
	            }
	            this.offset += source.length;
	        }
	    }
	    /** Call at end of input to push out any remaining constructions */
	    *end() {
	        while (this.stack.length > 0)
	            yield* this.pop();
	    }
	    get sourceToken() {
	        const st = {
	            type: this.type,
	            offset: this.offset,
	            indent: this.indent,
	            source: this.source
	        };
	        return st;
	    }
	    *step() {
	        const top = this.peek(1);
	        if (this.type === 'doc-end' && top?.type !== 'doc-end') {
	            while (this.stack.length > 0)
	                yield* this.pop();
	            this.stack.push({
	                type: 'doc-end',
	                offset: this.offset,
	                source: this.source
	            });
	            return;
	        }
	        if (!top)
	            return yield* this.stream();
	        switch (top.type) {
	            case 'document':
	                return yield* this.document(top);
	            case 'alias':
	            case 'scalar':
	            case 'single-quoted-scalar':
	            case 'double-quoted-scalar':
	                return yield* this.scalar(top);
	            case 'block-scalar':
	                return yield* this.blockScalar(top);
	            case 'block-map':
	                return yield* this.blockMap(top);
	            case 'block-seq':
	                return yield* this.blockSequence(top);
	            case 'flow-collection':
	                return yield* this.flowCollection(top);
	            case 'doc-end':
	                return yield* this.documentEnd(top);
	        }
	        /* istanbul ignore next should not happen */
	        yield* this.pop();
	    }
	    peek(n) {
	        return this.stack[this.stack.length - n];
	    }
	    *pop(error) {
	        const token = error ?? this.stack.pop();
	        /* istanbul ignore if should not happen */
	        if (!token) {
	            const message = 'Tried to pop an empty stack';
	            yield { type: 'error', offset: this.offset, source: '', message };
	        }
	        else if (this.stack.length === 0) {
	            yield token;
	        }
	        else {
	            const top = this.peek(1);
	            if (token.type === 'block-scalar') {
	                // Block scalars use their parent rather than header indent
	                token.indent = 'indent' in top ? top.indent : 0;
	            }
	            else if (token.type === 'flow-collection' && top.type === 'document') {
	                // Ignore all indent for top-level flow collections
	                token.indent = 0;
	            }
	            if (token.type === 'flow-collection')
	                fixFlowSeqItems(token);
	            switch (top.type) {
	                case 'document':
	                    top.value = token;
	                    break;
	                case 'block-scalar':
	                    top.props.push(token); // error
	                    break;
	                case 'block-map': {
	                    const it = top.items[top.items.length - 1];
	                    if (it.value) {
	                        top.items.push({ start: [], key: token, sep: [] });
	                        this.onKeyLine = true;
	                        return;
	                    }
	                    else if (it.sep) {
	                        it.value = token;
	                    }
	                    else {
	                        Object.assign(it, { key: token, sep: [] });
	                        this.onKeyLine = !it.explicitKey;
	                        return;
	                    }
	                    break;
	                }
	                case 'block-seq': {
	                    const it = top.items[top.items.length - 1];
	                    if (it.value)
	                        top.items.push({ start: [], value: token });
	                    else
	                        it.value = token;
	                    break;
	                }
	                case 'flow-collection': {
	                    const it = top.items[top.items.length - 1];
	                    if (!it || it.value)
	                        top.items.push({ start: [], key: token, sep: [] });
	                    else if (it.sep)
	                        it.value = token;
	                    else
	                        Object.assign(it, { key: token, sep: [] });
	                    return;
	                }
	                /* istanbul ignore next should not happen */
	                default:
	                    yield* this.pop();
	                    yield* this.pop(token);
	            }
	            if ((top.type === 'document' ||
	                top.type === 'block-map' ||
	                top.type === 'block-seq') &&
	                (token.type === 'block-map' || token.type === 'block-seq')) {
	                const last = token.items[token.items.length - 1];
	                if (last &&
	                    !last.sep &&
	                    !last.value &&
	                    last.start.length > 0 &&
	                    findNonEmptyIndex(last.start) === -1 &&
	                    (token.indent === 0 ||
	                        last.start.every(st => st.type !== 'comment' || st.indent < token.indent))) {
	                    if (top.type === 'document')
	                        top.end = last.start;
	                    else
	                        top.items.push({ start: last.start });
	                    token.items.splice(-1, 1);
	                }
	            }
	        }
	    }
	    *stream() {
	        switch (this.type) {
	            case 'directive-line':
	                yield { type: 'directive', offset: this.offset, source: this.source };
	                return;
	            case 'byte-order-mark':
	            case 'space':
	            case 'comment':
	            case 'newline':
	                yield this.sourceToken;
	                return;
	            case 'doc-mode':
	            case 'doc-start': {
	                const doc = {
	                    type: 'document',
	                    offset: this.offset,
	                    start: []
	                };
	                if (this.type === 'doc-start')
	                    doc.start.push(this.sourceToken);
	                this.stack.push(doc);
	                return;
	            }
	        }
	        yield {
	            type: 'error',
	            offset: this.offset,
	            message: `Unexpected ${this.type} token in YAML stream`,
	            source: this.source
	        };
	    }
	    *document(doc) {
	        if (doc.value)
	            return yield* this.lineEnd(doc);
	        switch (this.type) {
	            case 'doc-start': {
	                if (findNonEmptyIndex(doc.start) !== -1) {
	                    yield* this.pop();
	                    yield* this.step();
	                }
	                else
	                    doc.start.push(this.sourceToken);
	                return;
	            }
	            case 'anchor':
	            case 'tag':
	            case 'space':
	            case 'comment':
	            case 'newline':
	                doc.start.push(this.sourceToken);
	                return;
	        }
	        const bv = this.startBlockValue(doc);
	        if (bv)
	            this.stack.push(bv);
	        else {
	            yield {
	                type: 'error',
	                offset: this.offset,
	                message: `Unexpected ${this.type} token in YAML document`,
	                source: this.source
	            };
	        }
	    }
	    *scalar(scalar) {
	        if (this.type === 'map-value-ind') {
	            const prev = getPrevProps(this.peek(2));
	            const start = getFirstKeyStartProps(prev);
	            let sep;
	            if (scalar.end) {
	                sep = scalar.end;
	                sep.push(this.sourceToken);
	                delete scalar.end;
	            }
	            else
	                sep = [this.sourceToken];
	            const map = {
	                type: 'block-map',
	                offset: scalar.offset,
	                indent: scalar.indent,
	                items: [{ start, key: scalar, sep }]
	            };
	            this.onKeyLine = true;
	            this.stack[this.stack.length - 1] = map;
	        }
	        else
	            yield* this.lineEnd(scalar);
	    }
	    *blockScalar(scalar) {
	        switch (this.type) {
	            case 'space':
	            case 'comment':
	            case 'newline':
	                scalar.props.push(this.sourceToken);
	                return;
	            case 'scalar':
	                scalar.source = this.source;
	                // block-scalar source includes trailing newline
	                this.atNewLine = true;
	                this.indent = 0;
	                if (this.onNewLine) {
	                    let nl = this.source.indexOf('\n') + 1;
	                    while (nl !== 0) {
	                        this.onNewLine(this.offset + nl);
	                        nl = this.source.indexOf('\n', nl) + 1;
	                    }
	                }
	                yield* this.pop();
	                break;
	            /* istanbul ignore next should not happen */
	            default:
	                yield* this.pop();
	                yield* this.step();
	        }
	    }
	    *blockMap(map) {
	        const it = map.items[map.items.length - 1];
	        // it.sep is true-ish if pair already has key or : separator
	        switch (this.type) {
	            case 'newline':
	                this.onKeyLine = false;
	                if (it.value) {
	                    const end = 'end' in it.value ? it.value.end : undefined;
	                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
	                    if (last?.type === 'comment')
	                        end?.push(this.sourceToken);
	                    else
	                        map.items.push({ start: [this.sourceToken] });
	                }
	                else if (it.sep) {
	                    it.sep.push(this.sourceToken);
	                }
	                else {
	                    it.start.push(this.sourceToken);
	                }
	                return;
	            case 'space':
	            case 'comment':
	                if (it.value) {
	                    map.items.push({ start: [this.sourceToken] });
	                }
	                else if (it.sep) {
	                    it.sep.push(this.sourceToken);
	                }
	                else {
	                    if (this.atIndentedComment(it.start, map.indent)) {
	                        const prev = map.items[map.items.length - 2];
	                        const end = prev?.value?.end;
	                        if (Array.isArray(end)) {
	                            arrayPushArray(end, it.start);
	                            end.push(this.sourceToken);
	                            map.items.pop();
	                            return;
	                        }
	                    }
	                    it.start.push(this.sourceToken);
	                }
	                return;
	        }
	        if (this.indent >= map.indent) {
	            const atMapIndent = !this.onKeyLine && this.indent === map.indent;
	            const atNextItem = atMapIndent &&
	                (it.sep || it.explicitKey) &&
	                this.type !== 'seq-item-ind';
	            // For empty nodes, assign newline-separated not indented empty tokens to following node
	            let start = [];
	            if (atNextItem && it.sep && !it.value) {
	                const nl = [];
	                for (let i = 0; i < it.sep.length; ++i) {
	                    const st = it.sep[i];
	                    switch (st.type) {
	                        case 'newline':
	                            nl.push(i);
	                            break;
	                        case 'space':
	                            break;
	                        case 'comment':
	                            if (st.indent > map.indent)
	                                nl.length = 0;
	                            break;
	                        default:
	                            nl.length = 0;
	                    }
	                }
	                if (nl.length >= 2)
	                    start = it.sep.splice(nl[1]);
	            }
	            switch (this.type) {
	                case 'anchor':
	                case 'tag':
	                    if (atNextItem || it.value) {
	                        start.push(this.sourceToken);
	                        map.items.push({ start });
	                        this.onKeyLine = true;
	                    }
	                    else if (it.sep) {
	                        it.sep.push(this.sourceToken);
	                    }
	                    else {
	                        it.start.push(this.sourceToken);
	                    }
	                    return;
	                case 'explicit-key-ind':
	                    if (!it.sep && !it.explicitKey) {
	                        it.start.push(this.sourceToken);
	                        it.explicitKey = true;
	                    }
	                    else if (atNextItem || it.value) {
	                        start.push(this.sourceToken);
	                        map.items.push({ start, explicitKey: true });
	                    }
	                    else {
	                        this.stack.push({
	                            type: 'block-map',
	                            offset: this.offset,
	                            indent: this.indent,
	                            items: [{ start: [this.sourceToken], explicitKey: true }]
	                        });
	                    }
	                    this.onKeyLine = true;
	                    return;
	                case 'map-value-ind':
	                    if (it.explicitKey) {
	                        if (!it.sep) {
	                            if (includesToken(it.start, 'newline')) {
	                                Object.assign(it, { key: null, sep: [this.sourceToken] });
	                            }
	                            else {
	                                const start = getFirstKeyStartProps(it.start);
	                                this.stack.push({
	                                    type: 'block-map',
	                                    offset: this.offset,
	                                    indent: this.indent,
	                                    items: [{ start, key: null, sep: [this.sourceToken] }]
	                                });
	                            }
	                        }
	                        else if (it.value) {
	                            map.items.push({ start: [], key: null, sep: [this.sourceToken] });
	                        }
	                        else if (includesToken(it.sep, 'map-value-ind')) {
	                            this.stack.push({
	                                type: 'block-map',
	                                offset: this.offset,
	                                indent: this.indent,
	                                items: [{ start, key: null, sep: [this.sourceToken] }]
	                            });
	                        }
	                        else if (isFlowToken(it.key) &&
	                            !includesToken(it.sep, 'newline')) {
	                            const start = getFirstKeyStartProps(it.start);
	                            const key = it.key;
	                            const sep = it.sep;
	                            sep.push(this.sourceToken);
	                            // @ts-expect-error type guard is wrong here
	                            delete it.key;
	                            // @ts-expect-error type guard is wrong here
	                            delete it.sep;
	                            this.stack.push({
	                                type: 'block-map',
	                                offset: this.offset,
	                                indent: this.indent,
	                                items: [{ start, key, sep }]
	                            });
	                        }
	                        else if (start.length > 0) {
	                            // Not actually at next item
	                            it.sep = it.sep.concat(start, this.sourceToken);
	                        }
	                        else {
	                            it.sep.push(this.sourceToken);
	                        }
	                    }
	                    else {
	                        if (!it.sep) {
	                            Object.assign(it, { key: null, sep: [this.sourceToken] });
	                        }
	                        else if (it.value || atNextItem) {
	                            map.items.push({ start, key: null, sep: [this.sourceToken] });
	                        }
	                        else if (includesToken(it.sep, 'map-value-ind')) {
	                            this.stack.push({
	                                type: 'block-map',
	                                offset: this.offset,
	                                indent: this.indent,
	                                items: [{ start: [], key: null, sep: [this.sourceToken] }]
	                            });
	                        }
	                        else {
	                            it.sep.push(this.sourceToken);
	                        }
	                    }
	                    this.onKeyLine = true;
	                    return;
	                case 'alias':
	                case 'scalar':
	                case 'single-quoted-scalar':
	                case 'double-quoted-scalar': {
	                    const fs = this.flowScalar(this.type);
	                    if (atNextItem || it.value) {
	                        map.items.push({ start, key: fs, sep: [] });
	                        this.onKeyLine = true;
	                    }
	                    else if (it.sep) {
	                        this.stack.push(fs);
	                    }
	                    else {
	                        Object.assign(it, { key: fs, sep: [] });
	                        this.onKeyLine = true;
	                    }
	                    return;
	                }
	                default: {
	                    const bv = this.startBlockValue(map);
	                    if (bv) {
	                        if (bv.type === 'block-seq') {
	                            if (!it.explicitKey &&
	                                it.sep &&
	                                !includesToken(it.sep, 'newline')) {
	                                yield* this.pop({
	                                    type: 'error',
	                                    offset: this.offset,
	                                    message: 'Unexpected block-seq-ind on same line with key',
	                                    source: this.source
	                                });
	                                return;
	                            }
	                        }
	                        else if (atMapIndent) {
	                            map.items.push({ start });
	                        }
	                        this.stack.push(bv);
	                        return;
	                    }
	                }
	            }
	        }
	        yield* this.pop();
	        yield* this.step();
	    }
	    *blockSequence(seq) {
	        const it = seq.items[seq.items.length - 1];
	        switch (this.type) {
	            case 'newline':
	                if (it.value) {
	                    const end = 'end' in it.value ? it.value.end : undefined;
	                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
	                    if (last?.type === 'comment')
	                        end?.push(this.sourceToken);
	                    else
	                        seq.items.push({ start: [this.sourceToken] });
	                }
	                else
	                    it.start.push(this.sourceToken);
	                return;
	            case 'space':
	            case 'comment':
	                if (it.value)
	                    seq.items.push({ start: [this.sourceToken] });
	                else {
	                    if (this.atIndentedComment(it.start, seq.indent)) {
	                        const prev = seq.items[seq.items.length - 2];
	                        const end = prev?.value?.end;
	                        if (Array.isArray(end)) {
	                            arrayPushArray(end, it.start);
	                            end.push(this.sourceToken);
	                            seq.items.pop();
	                            return;
	                        }
	                    }
	                    it.start.push(this.sourceToken);
	                }
	                return;
	            case 'anchor':
	            case 'tag':
	                if (it.value || this.indent <= seq.indent)
	                    break;
	                it.start.push(this.sourceToken);
	                return;
	            case 'seq-item-ind':
	                if (this.indent !== seq.indent)
	                    break;
	                if (it.value || includesToken(it.start, 'seq-item-ind'))
	                    seq.items.push({ start: [this.sourceToken] });
	                else
	                    it.start.push(this.sourceToken);
	                return;
	        }
	        if (this.indent > seq.indent) {
	            const bv = this.startBlockValue(seq);
	            if (bv) {
	                this.stack.push(bv);
	                return;
	            }
	        }
	        yield* this.pop();
	        yield* this.step();
	    }
	    *flowCollection(fc) {
	        const it = fc.items[fc.items.length - 1];
	        if (this.type === 'flow-error-end') {
	            let top;
	            do {
	                yield* this.pop();
	                top = this.peek(1);
	            } while (top?.type === 'flow-collection');
	        }
	        else if (fc.end.length === 0) {
	            switch (this.type) {
	                case 'comma':
	                case 'explicit-key-ind':
	                    if (!it || it.sep)
	                        fc.items.push({ start: [this.sourceToken] });
	                    else
	                        it.start.push(this.sourceToken);
	                    return;
	                case 'map-value-ind':
	                    if (!it || it.value)
	                        fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
	                    else if (it.sep)
	                        it.sep.push(this.sourceToken);
	                    else
	                        Object.assign(it, { key: null, sep: [this.sourceToken] });
	                    return;
	                case 'space':
	                case 'comment':
	                case 'newline':
	                case 'anchor':
	                case 'tag':
	                    if (!it || it.value)
	                        fc.items.push({ start: [this.sourceToken] });
	                    else if (it.sep)
	                        it.sep.push(this.sourceToken);
	                    else
	                        it.start.push(this.sourceToken);
	                    return;
	                case 'alias':
	                case 'scalar':
	                case 'single-quoted-scalar':
	                case 'double-quoted-scalar': {
	                    const fs = this.flowScalar(this.type);
	                    if (!it || it.value)
	                        fc.items.push({ start: [], key: fs, sep: [] });
	                    else if (it.sep)
	                        this.stack.push(fs);
	                    else
	                        Object.assign(it, { key: fs, sep: [] });
	                    return;
	                }
	                case 'flow-map-end':
	                case 'flow-seq-end':
	                    fc.end.push(this.sourceToken);
	                    return;
	            }
	            const bv = this.startBlockValue(fc);
	            /* istanbul ignore else should not happen */
	            if (bv)
	                this.stack.push(bv);
	            else {
	                yield* this.pop();
	                yield* this.step();
	            }
	        }
	        else {
	            const parent = this.peek(2);
	            if (parent.type === 'block-map' &&
	                ((this.type === 'map-value-ind' && parent.indent === fc.indent) ||
	                    (this.type === 'newline' &&
	                        !parent.items[parent.items.length - 1].sep))) {
	                yield* this.pop();
	                yield* this.step();
	            }
	            else if (this.type === 'map-value-ind' &&
	                parent.type !== 'flow-collection') {
	                const prev = getPrevProps(parent);
	                const start = getFirstKeyStartProps(prev);
	                fixFlowSeqItems(fc);
	                const sep = fc.end.splice(1, fc.end.length);
	                sep.push(this.sourceToken);
	                const map = {
	                    type: 'block-map',
	                    offset: fc.offset,
	                    indent: fc.indent,
	                    items: [{ start, key: fc, sep }]
	                };
	                this.onKeyLine = true;
	                this.stack[this.stack.length - 1] = map;
	            }
	            else {
	                yield* this.lineEnd(fc);
	            }
	        }
	    }
	    flowScalar(type) {
	        if (this.onNewLine) {
	            let nl = this.source.indexOf('\n') + 1;
	            while (nl !== 0) {
	                this.onNewLine(this.offset + nl);
	                nl = this.source.indexOf('\n', nl) + 1;
	            }
	        }
	        return {
	            type,
	            offset: this.offset,
	            indent: this.indent,
	            source: this.source
	        };
	    }
	    startBlockValue(parent) {
	        switch (this.type) {
	            case 'alias':
	            case 'scalar':
	            case 'single-quoted-scalar':
	            case 'double-quoted-scalar':
	                return this.flowScalar(this.type);
	            case 'block-scalar-header':
	                return {
	                    type: 'block-scalar',
	                    offset: this.offset,
	                    indent: this.indent,
	                    props: [this.sourceToken],
	                    source: ''
	                };
	            case 'flow-map-start':
	            case 'flow-seq-start':
	                return {
	                    type: 'flow-collection',
	                    offset: this.offset,
	                    indent: this.indent,
	                    start: this.sourceToken,
	                    items: [],
	                    end: []
	                };
	            case 'seq-item-ind':
	                return {
	                    type: 'block-seq',
	                    offset: this.offset,
	                    indent: this.indent,
	                    items: [{ start: [this.sourceToken] }]
	                };
	            case 'explicit-key-ind': {
	                this.onKeyLine = true;
	                const prev = getPrevProps(parent);
	                const start = getFirstKeyStartProps(prev);
	                start.push(this.sourceToken);
	                return {
	                    type: 'block-map',
	                    offset: this.offset,
	                    indent: this.indent,
	                    items: [{ start, explicitKey: true }]
	                };
	            }
	            case 'map-value-ind': {
	                this.onKeyLine = true;
	                const prev = getPrevProps(parent);
	                const start = getFirstKeyStartProps(prev);
	                return {
	                    type: 'block-map',
	                    offset: this.offset,
	                    indent: this.indent,
	                    items: [{ start, key: null, sep: [this.sourceToken] }]
	                };
	            }
	        }
	        return null;
	    }
	    atIndentedComment(start, indent) {
	        if (this.type !== 'comment')
	            return false;
	        if (this.indent <= indent)
	            return false;
	        return start.every(st => st.type === 'newline' || st.type === 'space');
	    }
	    *documentEnd(docEnd) {
	        if (this.type !== 'doc-mode') {
	            if (docEnd.end)
	                docEnd.end.push(this.sourceToken);
	            else
	                docEnd.end = [this.sourceToken];
	            if (this.type === 'newline')
	                yield* this.pop();
	        }
	    }
	    *lineEnd(token) {
	        switch (this.type) {
	            case 'comma':
	            case 'doc-start':
	            case 'doc-end':
	            case 'flow-seq-end':
	            case 'flow-map-end':
	            case 'map-value-ind':
	                yield* this.pop();
	                yield* this.step();
	                break;
	            case 'newline':
	                this.onKeyLine = false;
	            // fallthrough
	            case 'space':
	            case 'comment':
	            default:
	                // all other values are errors
	                if (token.end)
	                    token.end.push(this.sourceToken);
	                else
	                    token.end = [this.sourceToken];
	                if (this.type === 'newline')
	                    yield* this.pop();
	        }
	    }
	}

	parser.Parser = Parser;
	return parser;
}

var publicApi = {};

var hasRequiredPublicApi;

function requirePublicApi () {
	if (hasRequiredPublicApi) return publicApi;
	hasRequiredPublicApi = 1;

	var composer = requireComposer();
	var Document = requireDocument();
	var errors = requireErrors();
	var log = requireLog();
	var identity = requireIdentity();
	var lineCounter = requireLineCounter();
	var parser = requireParser();

	function parseOptions(options) {
	    const prettyErrors = options.prettyErrors !== false;
	    const lineCounter$1 = options.lineCounter || (prettyErrors && new lineCounter.LineCounter()) || null;
	    return { lineCounter: lineCounter$1, prettyErrors };
	}
	/**
	 * Parse the input as a stream of YAML documents.
	 *
	 * Documents should be separated from each other by `...` or `---` marker lines.
	 *
	 * @returns If an empty `docs` array is returned, it will be of type
	 *   EmptyStream and contain additional stream information. In
	 *   TypeScript, you should use `'empty' in docs` as a type guard for it.
	 */
	function parseAllDocuments(source, options = {}) {
	    const { lineCounter, prettyErrors } = parseOptions(options);
	    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
	    const composer$1 = new composer.Composer(options);
	    const docs = Array.from(composer$1.compose(parser$1.parse(source)));
	    if (prettyErrors && lineCounter)
	        for (const doc of docs) {
	            doc.errors.forEach(errors.prettifyError(source, lineCounter));
	            doc.warnings.forEach(errors.prettifyError(source, lineCounter));
	        }
	    if (docs.length > 0)
	        return docs;
	    return Object.assign([], { empty: true }, composer$1.streamInfo());
	}
	/** Parse an input string into a single YAML.Document */
	function parseDocument(source, options = {}) {
	    const { lineCounter, prettyErrors } = parseOptions(options);
	    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
	    const composer$1 = new composer.Composer(options);
	    // `doc` is always set by compose.end(true) at the very latest
	    let doc = null;
	    for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
	        if (!doc)
	            doc = _doc;
	        else if (doc.options.logLevel !== 'silent') {
	            doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
	            break;
	        }
	    }
	    if (prettyErrors && lineCounter) {
	        doc.errors.forEach(errors.prettifyError(source, lineCounter));
	        doc.warnings.forEach(errors.prettifyError(source, lineCounter));
	    }
	    return doc;
	}
	function parse(src, reviver, options) {
	    let _reviver = undefined;
	    if (typeof reviver === 'function') {
	        _reviver = reviver;
	    }
	    else if (options === undefined && reviver && typeof reviver === 'object') {
	        options = reviver;
	    }
	    const doc = parseDocument(src, options);
	    if (!doc)
	        return null;
	    doc.warnings.forEach(warning => log.warn(doc.options.logLevel, warning));
	    if (doc.errors.length > 0) {
	        if (doc.options.logLevel !== 'silent')
	            throw doc.errors[0];
	        else
	            doc.errors = [];
	    }
	    return doc.toJS(Object.assign({ reviver: _reviver }, options));
	}
	function stringify(value, replacer, options) {
	    let _replacer = null;
	    if (typeof replacer === 'function' || Array.isArray(replacer)) {
	        _replacer = replacer;
	    }
	    else if (options === undefined && replacer) {
	        options = replacer;
	    }
	    if (typeof options === 'string')
	        options = options.length;
	    if (typeof options === 'number') {
	        const indent = Math.round(options);
	        options = indent < 1 ? undefined : indent > 8 ? { indent: 8 } : { indent };
	    }
	    if (value === undefined) {
	        const { keepUndefined } = options ?? replacer ?? {};
	        if (!keepUndefined)
	            return undefined;
	    }
	    if (identity.isDocument(value) && !_replacer)
	        return value.toString(options);
	    return new Document.Document(value, _replacer, options).toString(options);
	}

	publicApi.parse = parse;
	publicApi.parseAllDocuments = parseAllDocuments;
	publicApi.parseDocument = parseDocument;
	publicApi.stringify = stringify;
	return publicApi;
}

var hasRequiredDist;

function requireDist () {
	if (hasRequiredDist) return dist;
	hasRequiredDist = 1;

	var composer = requireComposer();
	var Document = requireDocument();
	var Schema = requireSchema();
	var errors = requireErrors();
	var Alias = requireAlias();
	var identity = requireIdentity();
	var Pair = requirePair();
	var Scalar = requireScalar();
	var YAMLMap = requireYAMLMap();
	var YAMLSeq = requireYAMLSeq();
	var cst = requireCst();
	var lexer = requireLexer();
	var lineCounter = requireLineCounter();
	var parser = requireParser();
	var publicApi = requirePublicApi();
	var visit = requireVisit();



	dist.Composer = composer.Composer;
	dist.Document = Document.Document;
	dist.Schema = Schema.Schema;
	dist.YAMLError = errors.YAMLError;
	dist.YAMLParseError = errors.YAMLParseError;
	dist.YAMLWarning = errors.YAMLWarning;
	dist.Alias = Alias.Alias;
	dist.isAlias = identity.isAlias;
	dist.isCollection = identity.isCollection;
	dist.isDocument = identity.isDocument;
	dist.isMap = identity.isMap;
	dist.isNode = identity.isNode;
	dist.isPair = identity.isPair;
	dist.isScalar = identity.isScalar;
	dist.isSeq = identity.isSeq;
	dist.Pair = Pair.Pair;
	dist.Scalar = Scalar.Scalar;
	dist.YAMLMap = YAMLMap.YAMLMap;
	dist.YAMLSeq = YAMLSeq.YAMLSeq;
	dist.CST = cst;
	dist.Lexer = lexer.Lexer;
	dist.LineCounter = lineCounter.LineCounter;
	dist.Parser = parser.Parser;
	dist.parse = publicApi.parse;
	dist.parseAllDocuments = publicApi.parseAllDocuments;
	dist.parseDocument = publicApi.parseDocument;
	dist.stringify = publicApi.stringify;
	dist.visit = visit.visit;
	dist.visitAsync = visit.visitAsync;
	return dist;
}

var distExports = requireDist();

/** The candidate nearest to `input` by edit distance, if it is near enough to be a typo. */
function closestName(input, candidates) {
    let best = null;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const d = editDistance(input.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    // A third of the longer name, at least 2: "memroy" -> "memory", but not "foo" -> "gpu".
    const allowed = Math.max(2, Math.floor(Math.max(input.length, best?.length ?? 0) / 3));
    return best !== null && bestDistance <= allowed ? best : null;
}
/** Optimal string alignment distance: insertions, deletions, substitutions and transpositions. */
function editDistance(a, b) {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                v = Math.min(v, d[i - 2][j - 2] + 1);
            d[i][j] = v;
        }
    }
    return d[a.length][b.length];
}

function getEnumValues(entries) {
    const numericValues = Object.values(entries).filter((v) => typeof v === "number");
    const values = Object.entries(entries)
        .filter(([k, _]) => numericValues.indexOf(+k) === -1)
        .map(([_, v]) => v);
    return values;
}
function joinValues(array, separator = "|") {
    return array.map((val) => stringifyPrimitive(val)).join(separator);
}
function jsonStringifyReplacer(_, value) {
    if (typeof value === "bigint")
        return value.toString();
    return value;
}
// the accessor lives on a shared prototype: an own accessor makes every box a dictionary-mode object (~360 B and a slow load per read against ~100 B and an inlined getter here)
class Cached {
    constructor(getter) {
        this._getter = getter;
        this._value = undefined;
    }
    get value() {
        const getter = this._getter;
        if (getter !== undefined) {
            this._value = getter();
            this._getter = undefined;
        }
        return this._value;
    }
}
function cached$1(getter) {
    return new Cached(getter);
}
function nullish(input) {
    return input === null || input === undefined;
}
function cleanRegex(source) {
    const start = source.startsWith("^") ? 1 : 0;
    const end = source.endsWith("$") ? source.length - 1 : source.length;
    return source.slice(start, end);
}
function floatSafeRemainder(val, step) {
    const ratio = val / step;
    const roundedRatio = Math.round(ratio);
    // `val` and `step` each round to a double before the division rounds again, so a true decimal multiple's quotient can sit up to 1.5 of these scaled epsilons from the integer. A 1x tolerance therefore rejected 2.03 as a multiple of 0.07; 4x covers the worst case with margin.
    const tolerance = 4 * Number.EPSILON * Math.max(Math.abs(ratio), 1);
    if (Math.abs(ratio - roundedRatio) < tolerance)
        return 0;
    return ratio - roundedRatio;
}
function assignProp(target, prop, value) {
    Object.defineProperty(target, prop, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
    });
}
/**
 * Whichever object a def's `shape` currently answers from: the one the caller passed until the first read, the frozen copy after it.
 *
 * Its keys and descriptors read without invoking anything, which is what lets a discriminated union check its discriminator, and the cycle walk read a shape, without resolving a getter that references the schema being constructed. A def that answers `shape` from an accessor of its own has none.
 */
function rawShape(def) {
    const desc = Object.getOwnPropertyDescriptor(def, "shape");
    return desc?.get ? desc.get.raw : desc?.value;
}
// where a builder reads its source's keys and descriptors, resolving only a shape a def answers for itself. A shape resolves by object spread, so only its enumerable keys are ever part of it.
function sourceShape(schema) {
    return rawShape(schema._zod.def) ?? schema._zod.def.shape;
}
// a key whose value is not settled yet, self-caching so every read after the first gets the same one
function deferProp(target, key, getter) {
    Object.defineProperty(target, key, {
        get() {
            const value = getter();
            assignProp(this, key, value);
            return value;
        },
        enumerable: true,
        configurable: true,
    });
}
// Writes a settled key. A plain assignment is much cheaper than `defineProperty` and produces the same descriptor, but it runs whatever setter already answers to the key — an accessor this shape deferred, or an inherited one, which `__proto__` has on every object and prototype pollution can add for any name.
function putProp(target, key, value) {
    if (key in target)
        assignProp(target, key, value);
    else
        target[key] = value;
}
/**
 * Copies `keys` of `source`'s shape onto `target`, each value passed through `wrap`.
 *
 * A key the source has resolved is copied through now, so the derived shape states it outright and nothing has to resolve it to learn what it holds. A key the source still defers stays deferred, and reads back through the source's own `shape`, so it resolves once and both shapes get that one schema.
 */
function mirrorShape(target, source, keys, wrap) {
    const raw = sourceShape(source);
    for (const key of keys) {
        const desc = Object.getOwnPropertyDescriptor(raw, key);
        if (!desc.enumerable)
            continue;
        if (desc.get) {
            deferProp(target, key, () => {
                const value = source._zod.def.shape[key];
                return wrap ? wrap(value, key) : value;
            });
        }
        else
            putProp(target, key, wrap ? wrap(desc.value, key) : desc.value);
    }
}
// same, for a plain shape a caller passed rather than a schema's
function mirrorProps(target, source) {
    for (const key of Reflect.ownKeys(source)) {
        const desc = Object.getOwnPropertyDescriptor(source, key);
        if (!desc.enumerable)
            continue;
        if (desc.get)
            deferProp(target, key, () => source[key]);
        else
            putProp(target, key, desc.value);
    }
}
function mergeDefs(...defs) {
    const mergedDescriptors = {};
    for (const def of defs) {
        const descriptors = Object.getOwnPropertyDescriptors(def);
        Object.assign(mergedDescriptors, descriptors);
    }
    return Object.defineProperties({}, mergedDescriptors);
}
function esc(str) {
    return JSON.stringify(str);
}
function slugify(input) {
    return input
        .toLowerCase()
        .trim()
        .replace(/[^\w\s-]/g, "")
        .replace(/[\s_-]+/g, "-")
        .replace(/^-+|-+$/g, "");
}
const captureStackTrace = ("captureStackTrace" in Error ? Error.captureStackTrace : (..._args) => { });
function isObject(data) {
    return typeof data === "object" && data !== null && !Array.isArray(data);
}
const allowsEval = /* @__PURE__*/ cached$1(() => {
    // Skip the probe under `jitless`: strict CSPs report the caught `new Function` as a `securitypolicyviolation` even though the throw is swallowed.
    if (globalConfig.jitless) {
        return false;
    }
    // @ts-ignore
    if (typeof navigator !== "undefined" && navigator?.userAgent?.includes("Cloudflare")) {
        return false;
    }
    try {
        const F = Function;
        new F("");
        return true;
    }
    catch (_) {
        return false;
    }
});
function isPlainObject(o) {
    if (isObject(o) === false)
        return false;
    // modified constructor
    const ctor = o.constructor;
    if (ctor === undefined)
        return true;
    if (typeof ctor !== "function")
        return true;
    // modified prototype
    const prot = ctor.prototype;
    if (isObject(prot) === false)
        return false;
    // ctor doesn't have static `isPrototypeOf`
    if (Object.prototype.hasOwnProperty.call(prot, "isPrototypeOf") === false) {
        return false;
    }
    return true;
}
function shallowClone(o) {
    if (isPlainObject(o))
        return { ...o };
    if (Array.isArray(o))
        return [...o];
    if (o instanceof Map)
        return new Map(o);
    if (o instanceof Set)
        return new Set(o);
    return o;
}
const propertyKeyTypes = /* @__PURE__*/ new Set(["string", "number", "symbol"]);
function escapeRegex(str) {
    return str.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
// zod-specific utils
function clone(inst, def, params) {
    const cl = new inst._zod.constr(def ?? inst._zod.def);
    if (!def || params?.parent)
        cl._zod.parent = inst;
    return cl;
}
function normalizeParams(_params) {
    const params = _params;
    if (!params)
        return {};
    if (typeof params === "string")
        return { error: () => params };
    if (params?.message !== undefined) {
        if (params?.error !== undefined)
            throw new Error("Cannot specify both `message` and `error` params");
        params.error = params.message;
    }
    delete params.message;
    if (typeof params.error === "string")
        return { ...params, error: () => params.error };
    return params;
}
function stringifyPrimitive(value) {
    if (typeof value === "bigint")
        return value.toString() + "n";
    if (typeof value === "string")
        return `"${value}"`;
    return `${value}`;
}
function optionalKeys(shape) {
    return Object.keys(shape).filter((k) => {
        return shape[k]._zod.optin !== undefined && shape[k]._zod.optout === "optional";
    });
}

const NUMBER_FORMAT_RANGES = /*@__PURE__*/ (() => ({
    safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    int32: [-2147483648, 2147483647],
    uint32: [0, 4294967295],
    float32: [-34028234663852886e22, 3.4028234663852886e38],
    float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
}))();
const BIGINT_FORMAT_RANGES = {
    int64: [/* @__PURE__*/ BigInt("-9223372036854775808"), /* @__PURE__*/ BigInt("9223372036854775807")],
    uint64: [/* @__PURE__*/ BigInt(0), /* @__PURE__*/ BigInt("18446744073709551615")],
};
function pick$1(schema, mask) {
    const currDef = schema._zod.def;
    const checks = currDef.checks;
    const hasChecks = checks && checks.length > 0;
    if (hasChecks) {
        throw new Error(".pick() cannot be used on object schemas containing refinements");
    }
    const newShape = {};
    mirrorShape(newShape, schema, maskedKeys(schema, mask));
    return clone(schema, mergeDefs(currDef, { shape: newShape, checks: [] }));
}
// the mask keys that select something, checked against the source's shape without resolving it
function maskedKeys(schema, mask) {
    const raw = sourceShape(schema);
    const keys = [];
    // `for...in` skips symbols, so a symbol in the mask would select nothing
    for (const key of Reflect.ownKeys(mask)) {
        if (!Object.getOwnPropertyDescriptor(raw, key)?.enumerable) {
            throw new Error(`Unrecognized key: "${String(key)}"`);
        }
        if (mask[key])
            keys.push(key);
    }
    return keys;
}
function omit(schema, mask) {
    const currDef = schema._zod.def;
    const checks = currDef.checks;
    const hasChecks = checks && checks.length > 0;
    if (hasChecks) {
        throw new Error(".omit() cannot be used on object schemas containing refinements");
    }
    const omitted = new Set(maskedKeys(schema, mask));
    const newShape = {};
    mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)).filter((key) => !omitted.has(key)));
    return clone(schema, mergeDefs(currDef, { shape: newShape, checks: [] }));
}
function extend(schema, shape) {
    if (!isPlainObject(shape)) {
        throw new Error("Invalid input to extend: expected a plain object");
    }
    const checks = schema._zod.def.checks;
    const hasChecks = checks && checks.length > 0;
    if (hasChecks) {
        // Only throw if new shape overlaps with existing shape. Use getOwnPropertyDescriptor to check key existence without accessing values
        const existingShape = sourceShape(schema);
        for (const key of Reflect.ownKeys(shape)) {
            if (Object.getOwnPropertyDescriptor(existingShape, key) !== undefined) {
                throw new Error("Cannot overwrite keys on object schemas containing refinements. Use `.safeExtend()` instead.");
            }
        }
    }
    return clone(schema, mergeDefs(schema._zod.def, { shape: extended(schema, shape) }));
}
// the source's keys, then the caller's overlaid on top
function extended(schema, shape) {
    const newShape = {};
    mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)));
    mirrorProps(newShape, shape);
    return newShape;
}
function safeExtend(schema, shape) {
    if (!isPlainObject(shape)) {
        throw new Error("Invalid input to safeExtend: expected a plain object");
    }
    return clone(schema, mergeDefs(schema._zod.def, { shape: extended(schema, shape) }));
}
function merge(a, b) {
    if (!b?._zod?.def) {
        throw new Error("Invalid input to merge: expected an object schema. To merge a plain shape, use `.extend()`.");
    }
    if (a._zod.def.checks?.length) {
        throw new Error(".merge() cannot be used on object schemas containing refinements. Use .safeExtend() instead.");
    }
    const newShape = {};
    mirrorShape(newShape, a, Reflect.ownKeys(sourceShape(a)));
    mirrorShape(newShape, b, Reflect.ownKeys(sourceShape(b)));
    const def = mergeDefs(a._zod.def, {
        shape: newShape,
        get catchall() {
            return b._zod.def.catchall;
        },
        checks: b._zod.def.checks ?? [],
    });
    return clone(a, def);
}
function partial(Class, schema, mask, name = "partial") {
    const currDef = schema._zod.def;
    const checks = currDef.checks;
    const hasChecks = checks && checks.length > 0;
    if (hasChecks) {
        throw new Error(`.${name}() cannot be used on object schemas containing refinements`);
    }
    const selected = mask ? new Set(maskedKeys(schema, mask)) : undefined;
    const newShape = {};
    mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)), Class &&
        ((value, key) => (selected && !selected.has(key) ? value : new Class({ type: "optional", innerType: value }))));
    return clone(schema, mergeDefs(schema._zod.def, { shape: newShape, checks: [] }));
}
function required(Class, schema, mask) {
    const selected = mask ? new Set(maskedKeys(schema, mask)) : undefined;
    const newShape = {};
    mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)), (value, key) => 
    // overwrite with non-optional
    selected && !selected.has(key) ? value : new Class({ type: "nonoptional", innerType: value }));
    return clone(schema, mergeDefs(schema._zod.def, { shape: newShape }));
}
// invalid_type | too_big | too_small | invalid_format | not_multiple_of | unrecognized_keys | invalid_union | invalid_key | invalid_element | invalid_value | custom
function aborted(x, startIndex = 0) {
    if (x.aborted === true)
        return true;
    for (let i = startIndex; i < x.issues.length; i++) {
        if (x.issues[i]?.continue !== true) {
            return true;
        }
    }
    return false;
}
// Checks for explicit abort (continue === false), as opposed to implicit abort (continue === undefined). Used to respect `abort: true` in .refine() even for checks that have a `when` function.
function explicitlyAborted(x, startIndex = 0) {
    if (x.aborted === true)
        return true;
    for (let i = startIndex; i < x.issues.length; i++) {
        if (x.issues[i]?.continue === false) {
            return true;
        }
    }
    return false;
}
function prefixIssues(path, issues) {
    return issues.map((iss) => {
        var _a;
        (_a = iss).path ?? (_a.path = []);
        iss.path.unshift(path);
        return iss;
    });
}
function unwrapMessage(message) {
    return typeof message === "string" ? message : message?.message;
}
/* A check holds no link back to the schema it is attached to — the same check instance is shared by every clone of that schema — so the owner is stamped onto the issues a check just raised, at the only point where both are in scope. Runs on the failure path only; `start` is the issue count from before the check ran. */
/** The leading size checks of `defChecks` that set an upper bound, each paired with it. */
function sizeCaps(defChecks) {
    const caps = [];
    for (const ch of defChecks ?? []) {
        const d = ch._zod.def;
        // a later check may rewrite the value
        if (!/_(length|size)$|_equals$/.test(d.check))
            break;
        const max = d.maximum ?? d.length ?? d.size;
        if (max >= 0)
            caps.push([max, ch]);
    }
    return caps;
}
function attachSchema(issues, start, inst) {
    var _a;
    for (let i = start; i < issues.length; i++) {
        (_a = issues[i]).schema ?? (_a.schema = inst);
    }
}
function finalizeIssue(iss, ctx, config) {
    var _a;
    // A schema that raised an issue itself owns it outright, and outranks any stamp an enclosing check left in `attachSchema`. String formats and z.custom() are schema and check at once, so when they act as a check they defer to that stamp instead.
    const traits = iss.inst?._zod?.traits;
    if (traits?.has("$ZodType")) {
        if (traits.has("$ZodCheck"))
            (_a = iss).schema ?? (_a.schema = iss.inst);
        else
            iss.schema = iss.inst;
    }
    // Decreasing specificity, first map to return a message wins. `inst` is whatever raised the issue, so a check's own map outranks the owning schema's.
    const schemaError = iss.schema !== iss.inst ? iss.schema?._zod.def?.error : undefined;
    const message = iss.message
        ? iss.message
        : (unwrapMessage(iss.inst?._zod.def?.error?.(iss)) ??
            unwrapMessage(schemaError?.(iss)) ??
            unwrapMessage(ctx?.error?.(iss)) ??
            unwrapMessage(config.customError?.(iss)) ??
            unwrapMessage(config.localeError?.(iss)) ??
            "Invalid input");
    // an explicit own-key copy beats object rest with excluded keys, which v8 routes through a generic runtime call; Object.keys rather than for-in so an issue pushed with a prototype does not leak inherited keys, and an own __proto__ key is dropped rather than assigned through the setter
    const full = {};
    for (const k of Object.keys(iss)) {
        if (k === "inst" || k === "schema" || k === "continue" || k === "input" || k === "__proto__")
            continue;
        full[k] = iss[k];
    }
    full.path ?? (full.path = []);
    full.message = message;
    if (ctx?.reportInput) {
        full.input = iss.input;
    }
    return full;
}
const highSurrogate = /[\uD800-\uDBFF]/;
// Code points in `str`: a surrogate pair counts once, a lone surrogate as itself. Hand-rolled because the string iterator allocates and runs ~250x slower on this path; the regex probe exits ~50x quicker for a string with no astral characters.
function codePointLength(str) {
    const units = str.length;
    if (!highSurrogate.test(str))
        return units;
    let count = units;
    for (let i = 0; i < units - 1; i++) {
        if ((str.charCodeAt(i) & 0xfc00) === 0xd800 && (str.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
            count--;
            i++;
        }
    }
    return count;
}
function getLengthableOrigin(input) {
    if (Array.isArray(input))
        return "array";
    if (typeof input === "string")
        return "string";
    return "unknown";
}
function parsedType(data) {
    const t = typeof data;
    switch (t) {
        case "number": {
            return Number.isNaN(data) ? "nan" : "number";
        }
        case "object": {
            if (data === null) {
                return "null";
            }
            if (Array.isArray(data)) {
                return "array";
            }
            const obj = data;
            if (obj && Object.getPrototypeOf(obj) !== Object.prototype && "constructor" in obj && obj.constructor) {
                return obj.constructor.name;
            }
        }
    }
    return t;
}
function issue(...args) {
    const [iss, input, inst] = args;
    if (typeof iss === "string") {
        return {
            message: iss,
            code: "custom",
            input,
            inst,
        };
    }
    return { ...iss };
}
//////////    PROTOTYPE INSTALLERS     //////////
//
// Members live on the prototype and materialize per instance on first read, which keeps own-property count under the step where V8 stops using inline slots. Changing anything here means re-measuring runtime, memory and bundle size together — see "The three axes" in AGENTS.md.
/**
 * Installs a trait's members on its prototype. Each value builds that member for the instance on first read; the built value shadows the accessor as an own property, so a detached `const { parse } = schema` keeps working.
 *
 * Call this from a `proto` initializer, which runs once per prototype — never per instance.
 */
function members(proto, table) {
    for (const key in table) {
        const desc = Object.getOwnPropertyDescriptor(table, key);
        // a getter installs as written, so it stays live: `description` reads through to the registry on every access. not enumerable: an object literal's is, and a prototype member never was
        if (desc.get)
            Object.defineProperty(proto, key, { ...desc, enumerable: false });
        // a method materializes bound on first read, which is what keeps a detached member working: `const opt = schema.optional; opt()`
        else
            defineBound(proto, key, desc.value);
    }
}
/** Shadows a prototype member with an own value, so a getter that builds from the instance runs once. */
function own(inst, key, value, enumerable = true) {
    Object.defineProperty(inst, key, { configurable: true, writable: true, enumerable, value });
    return value;
}
/** Like {@link own}, for a member that was never an own data property and has to stay out of `Object.keys`. */
function hide(inst, key, value) {
    return own(inst, key, value, false);
}
/** Adds members a table derives from the instance: each builds on first read and shadows as own data, and assignment shadows the same way, as when these were own properties. */
function derived(computes, table) {
    for (const key in computes) {
        const compute = computes[key];
        // an object literal's accessor is configurable and enumerable, and `members` copies the descriptor as written
        Object.defineProperty(table, key, {
            configurable: true,
            enumerable: true,
            get() {
                return own(this, key, compute(this));
            },
            set(value) {
                own(this, key, value);
            },
        });
    }
    return table;
}
function defineBound(proto, key, fn) {
    Object.defineProperty(proto, key, {
        configurable: true,
        get() {
            // vitest's spyOn calls a prototype getter bare to find the function it wraps, so a nullish receiver answers the raw method
            return this == null ? fn : own(this, key, fn.bind(this));
        },
        set(value) {
            own(this, key, value);
        },
    });
}
/** Returns the prototype to install on, or `undefined` if this group is already installed on it. */
function claim(inst, sentinel) {
    const proto = Object.getPrototypeOf(inst);
    // Runs on every construction, so `in` rather than the costlier `hasOwnProperty.call`. Sentinels are keys the group itself defines.
    return sentinel in proto ? undefined : proto;
}
// The internals whose init chain is installing. A second call for the same one is a derived constructor overriding its base, so it must not construct another schema in between or the override is dropped.
let installing;
// Set while a getter is running, so a value that resolved through a recursion break is not memoized. One shared descriptor shadows the key for the duration, which costs no per-key allocation.
let broke = false;
const breaker = {
    configurable: true,
    get() {
        broke = true;
        return undefined;
    },
};
/**
 * Installs a lazily-derived internal on the `_zod` prototype of `inst`'s
 * constructor, computed from the internals object itself and cached there on
 * first read. One accessor per constructor rather than one per instance.
 */
function defineLazyInternal(inst, key, compute) {
    const proto = Object.getPrototypeOf(inst._zod);
    if (key in proto && installing !== inst._zod) {
        // A repeat construction: everything is installed already. Cleared here so the reference is not held past the first construction of every type.
        installing = undefined;
        return;
    }
    installing = inst._zod;
    Object.defineProperty(proto, key, {
        configurable: true,
        get() {
            // Shadowed before computing so a re-entrant read from a recursive schema resolves to undefined instead of running the getter again.
            Object.defineProperty(this, key, breaker);
            const outer = broke;
            broke = false;
            try {
                const value = compute(this);
                // A result that resolved through a recursion break is recomputed once the graph is complete; everything else memoizes, undefined included.
                if (broke)
                    delete this[key];
                else
                    Object.defineProperty(this, key, { configurable: true, writable: true, value });
                broke = broke || outer;
                return value;
            }
            catch (err) {
                // A compute that threw memoizes nothing, so a later read runs it again and fails the same way. The shadow goes with it, since leaving it installed would answer undefined for every later read.
                delete this[key];
                broke = broke || outer;
                throw err;
            }
        },
        set(value) {
            Object.defineProperty(this, key, { configurable: true, writable: true, value });
        },
    });
}
/**
 * Installs `key` on `inst`'s prototype, computed by `make` on first read and cached there as an own
 * data property. One accessor per constructor rather than one per instance, because an own accessor
 * puts every instance after the first into v8 dictionary mode. The key doubles as the sentinel.
 */
function installLazyProp(inst, key, make, enumerable) {
    const proto = claim(inst, key);
    if (!proto)
        return;
    Object.defineProperty(proto, key, {
        configurable: true,
        get() {
            // Shadowed before computing, so a re-entrant read from a self-referential shape resolves to undefined instead of running the getter again. A data property rather than an accessor: an own accessor is the dictionary-mode transition this exists to avoid.
            const desc = { configurable: true, writable: true, enumerable, value: undefined };
            Object.defineProperty(this, key, desc);
            // a compute that throws leaves the shadow behind, so later reads answer undefined instead of re-throwing; `defineLazy` did the same, and `defineLazyInternal`'s delete-on-catch would cost bytes in every bundle for a case only a throwing user getter reaches
            desc.value = make(this);
            Object.defineProperty(this, key, desc);
            return desc.value;
        },
        set(value) {
            Object.defineProperty(this, key, { configurable: true, writable: true, enumerable, value });
        },
    });
}
/** Marks the thunk `_catch` synthesises for a constant catch value. `Function.length` cannot tell that thunk from a user callback — rest and defaulted parameters both report arity 0 — and a user callback reads `ctx.error`, whose issues only finalize correctly against the caller's per-parse error map. Provenance can say what arity cannot. A plain string key rather than `Symbol.for`, whose call at module scope no bundler can prove pure — the same shape that anchored `urlCanParse` into every build. */
const CONSTANT_CATCH = "~constantCatch";
/** Wraps a constant catch value in a thunk tagged with {@link CONSTANT_CATCH}. */
function constantCatch(value) {
    const fn = () => value;
    fn[CONSTANT_CATCH] = true;
    return fn;
}

var _a$1;
/** A special constant with type `never` */
const NEVER = /*@__PURE__*/ Object.freeze({
    status: "aborted",
});
/* Shared descriptor for installing `_zod`; defineProperty reads it
 * synchronously, so reusing one object avoids a per-instance allocation. */
const _zodDesc = { value: undefined, enumerable: false };
// null where suppressing the capture would be unrecoverable: `parse()` puts the frames back with `captureStackTrace`, so without it the throw would lose its stack. also latched to null once `stackTraceLimit` proves unassignable, which a realm can do at any point by hardening Error
let _E = "captureStackTrace" in Error ? Error : null;
// v8 captures a stack trace inside the Error constructor, which dominates a failed parse; costs only the frames, and parse() restores those. the constructor must RUN: Object.create is cheaper and passes instanceof, but Error.isError and util.types.isNativeError check an internal slot
function newError(Definition) {
    const E = _E;
    if (E) {
        const saved = E.stackTraceLimit;
        if (typeof saved === "number") {
            try {
                E.stackTraceLimit = 0;
            }
            catch {
                _E = null;
                return new Definition();
            }
            try {
                return new Definition();
            }
            finally {
                E.stackTraceLimit = saved;
            }
        }
    }
    return new Definition();
}
function $constructor(name, initializer, 
/** This trait's members, installed once on every prototype that composes it. They cannot be declared in the initializer above: that runs per instance, and the prototype is shared. */
proto, params) {
    // Prototype for this constructor's `_zod` internals. Lazily-derived fields (`values`, `pattern`, `optin`, …) install here once rather than as an accessor on every instance.
    const zodProto = {};
    // Assigning the fields in the constructor body is what gives instances in-object slots; building the object literally and reparenting it costs a second allocation and a generic property copy.
    function Internals(def) {
        this.def = def;
        this.constr = _;
        this.traits = new Set();
    }
    Internals.prototype = zodProto;
    const protoMembers = proto;
    // One trait's members land on every prototype whose chain composes it, so the answer is per prototype rather than per trait.
    const initialized = protoMembers && new WeakSet();
    function init(inst, def) {
        if (!inst._zod) {
            _zodDesc.value = new Internals(def);
            try {
                Object.defineProperty(inst, "_zod", _zodDesc);
            }
            finally {
                // Cleared even on throw, so the shared descriptor never leaks one instance's internals into the next.
                _zodDesc.value = undefined;
            }
        }
        else if (inst._zod.traits.has(name)) {
            return;
        }
        inst._zod.traits.add(name);
        initializer(inst, def);
        if (initialized) {
            // `super(def)` from a user subclass gives `this` a prototype the subclass owns, and installing there would overwrite whatever the subclass declared. `constr` built the instance, so its prototype is the one below the subclass's that should carry the members. A receiver whose chain never reaches that prototype installs on its own, which for a plain object handed straight to `init` means `Object.prototype` — unchanged from before.
            const own = Object.getPrototypeOf(inst);
            const ctorProto = inst._zod.constr.prototype;
            let up = own;
            while (up && up !== ctorProto)
                up = Object.getPrototypeOf(up);
            const target = up ?? own;
            if (!initialized.has(target)) {
                initialized.add(target);
                members(target, protoMembers);
            }
        }
        // support prototype modifications; for-in avoids the array allocation of Object.keys on the (usually empty) prototype
        const proto = _.prototype;
        for (const k in proto) {
            if (!Object.prototype.hasOwnProperty.call(proto, k))
                continue;
            if (!(k in inst)) {
                inst[k] = proto[k].bind(inst);
            }
        }
    }
    // doesn't work if Parent has a constructor with arguments
    const Parent = params?.Parent ?? Object;
    class Definition extends Parent {
    }
    Object.defineProperty(Definition, "name", { value: name });
    function _(def) {
        const inst = params?.Parent ? newError(Definition) : this;
        init(inst, def);
        const deferred = inst._zod.deferred;
        if (deferred) {
            for (const fn of deferred) {
                fn();
            }
            // Released: initializers run once, and the list would otherwise be retained for the schema's lifetime.
            inst._zod.deferred = undefined;
        }
        // Global post-processor hook. Internal: installed by `import "zod/compile"` to enable AOT compilation for every constructed schema. Runs last, once the instance is fully built, because it hands the instance to compile(). The post-processor is expected to be reentrancy-guarded by its own implementation.
        const pp = globalThis.__zod_globalConfig?.postProcessor;
        if (pp)
            pp(inst);
        return inst;
    }
    Object.defineProperty(_, "init", { value: init });
    Object.defineProperty(_, Symbol.hasInstance, {
        value: (inst) => {
            if (params?.Parent && inst instanceof params.Parent)
                return true;
            return inst?._zod?.traits?.has(name);
        },
    });
    Object.defineProperty(_, "name", { value: name });
    return _;
}
class $ZodAsyncError extends Error {
    constructor() {
        super(`Encountered Promise during synchronous parse. Use .parseAsync() instead.`);
    }
}
class $ZodEncodeError extends Error {
    constructor(name) {
        super(`Encountered unidirectional transform during encode: ${name}`);
        this.name = "ZodEncodeError";
    }
}
(_a$1 = globalThis).__zod_globalConfig ?? (_a$1.__zod_globalConfig = {});
const globalConfig = globalThis.__zod_globalConfig;
function config(newConfig) {
    if (newConfig)
        Object.assign(globalConfig, newConfig);
    return globalConfig;
}

/* Computing the message eagerly is expensive (pretty-printed JSON of all
 * issues), so defer it until first read. The accessor functions and
 * descriptors are shared across instances to keep error construction
 * cheap; the computed message is cached on the internals object. The
 * setter preserves plain assignment semantics for consumers that
 * overwrite `message`. */
function _getMessage() {
    const internals = this._zod;
    internals.message ?? (internals.message = JSON.stringify(internals.def, jsonStringifyReplacer, 2));
    return internals.message;
}
function _setMessage(value) {
    this._zod.message = value;
}
const _messageDesc = {
    get: _getMessage,
    set: _setMessage,
    enumerable: true,
    configurable: true,
};
const _issuesDesc = { value: undefined, enumerable: false };
/* Prototypes that already carry the lazy `toString`. Seeded with the
 * intrinsics so that `init` on a foreign object — it accepts any object —
 * can never install an accessor onto a prototype we do not own. */
const _installedToString = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]);
const initializer$1 = (inst, def) => {
    inst.name = "$ZodError";
    // `_zod` is already non-enumerable: $constructor's init defined it with this same descriptor
    _issuesDesc.value = def;
    Object.defineProperty(inst, "issues", _issuesDesc);
    // Clear the shared slot; a retained `value` pins the last error's issues.
    _issuesDesc.value = undefined;
    Object.defineProperty(inst, "message", _messageDesc);
    /* `toString` lives as a non-enumerable lazy getter on the shared
     * prototype; on first access it caches a per-instance closure so
     * detached usage still works. */
    const proto = Object.getPrototypeOf(inst);
    if (!_installedToString.has(proto)) {
        _installedToString.add(proto);
        Object.defineProperty(proto, "toString", {
            configurable: true,
            enumerable: false,
            get() {
                const value = () => this.message;
                Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
                return value;
            },
            set(value) {
                Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
            },
        });
    }
};
const $ZodError = $constructor("$ZodError", initializer$1);
/** Get-or-create `obj[key]` as an own data property. A path segment naming an inherited member
 * ("toString", "constructor") would otherwise read through to the prototype, and assigning
 * "__proto__" would hit the setter instead of creating a key. */
function node(obj, key, make) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) {
        if (key === "__proto__") {
            Object.defineProperty(obj, key, { value: make(), writable: true, enumerable: true, configurable: true });
        }
        else {
            obj[key] = make();
        }
    }
    return obj[key];
}
function flattenError(error, mapper = (issue) => issue.message) {
    const fieldErrors = {};
    const formErrors = [];
    for (const sub of error.issues) {
        if (sub.path.length > 0) {
            node(fieldErrors, sub.path[0], () => []).push(mapper(sub));
        }
        else {
            formErrors.push(mapper(sub));
        }
    }
    return { formErrors, fieldErrors };
}
function formatError(error, mapper = (issue) => issue.message) {
    const fieldErrors = { _errors: [] };
    const processError = (error, path = []) => {
        for (const issue of error.issues) {
            if (issue.code === "invalid_union" && issue.errors.length) {
                issue.errors.map((issues) => processError({ issues }, [...path, ...issue.path]));
            }
            else if (issue.code === "invalid_key") {
                processError({ issues: issue.issues }, [...path, ...issue.path]);
            }
            else if (issue.code === "invalid_element") {
                processError({ issues: issue.issues }, [...path, ...issue.path]);
            }
            else {
                const fullpath = [...path, ...issue.path];
                if (fullpath.length === 0) {
                    fieldErrors._errors.push(mapper(issue));
                }
                else {
                    let curr = fieldErrors;
                    let i = 0;
                    while (i < fullpath.length) {
                        const el = fullpath[i];
                        const terminal = i === fullpath.length - 1;
                        // `_errors` is reserved by this legacy format, so merge a matching path segment into the current node instead of treating its array as a child.
                        if (el === "_errors") {
                            if (terminal)
                                curr._errors.push(mapper(issue));
                            i++;
                            continue;
                        }
                        // A path element may collide with an inherited property name such as
                        // "__proto__" or "constructor". Truthiness checks read the prototype
                        // (so no node is created, then ._errors.push throws), and bracket
                        // assignment of "__proto__" hits the setter instead of creating an
                        // own key. Guard the read with hasOwnProperty and create the node
                        // with defineProperty so any path element becomes a real own key.
                        if (!Object.prototype.hasOwnProperty.call(curr, el)) {
                            Object.defineProperty(curr, el, {
                                value: { _errors: [] },
                                enumerable: true,
                                writable: true,
                                configurable: true,
                            });
                        }
                        const node = curr[el];
                        if (terminal) {
                            node._errors.push(mapper(issue));
                        }
                        curr = node;
                        i++;
                    }
                }
            }
        }
    };
    processError(error);
    return fieldErrors;
}

// Always both keys, so the `_params` read site in `_parse` sees one object shape rather than two.
function finalizeParams(callee, params) {
    return { callee: params?.callee ?? callee, Err: params?.Err };
}
const _parse = (_Err) => {
    const fn = (schema, value, _ctx, _params) => {
        const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
        const result = schema._zod.run({ value, issues: [] }, ctx);
        if (result instanceof Promise) {
            throw new $ZodAsyncError();
        }
        if (result.issues.length) {
            const e = new (_params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
            captureStackTrace(e, _params?.callee ?? fn);
            throw e;
        }
        return result.value;
    };
    return fn;
};
const _parseAsync = (_Err) => {
    const fn = async (schema, value, _ctx, params) => {
        const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
        let result = schema._zod.run({ value, issues: [] }, ctx);
        if (result instanceof Promise)
            result = await result;
        if (result.issues.length) {
            const e = new (params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
            captureStackTrace(e, params?.callee ?? fn);
            throw e;
        }
        return result.value;
    };
    return fn;
};
const _safeParse = (_Err) => (schema, value, _ctx) => {
    const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
    const result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise) {
        throw new $ZodAsyncError();
    }
    return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
// the error is built on the first read of `error`: finalizing the issues and constructing the instance is most of a failing parse, and a caller that only branches on `success` never pays it. a getter in the literal keeps this small; the alternative, one shared accessor descriptor plus a hidden state slot, reads ~15% faster but costs ~75 B gzipped in every bundle
function failure(Err, issues, ctx) {
    let error;
    return {
        success: false,
        get error() {
            if (!error) {
                error = new Err(issues.map((iss) => finalizeIssue(iss, ctx, config())));
                // finalizeIssue drops `input`, so the built error holds nothing; keeping the raw issues past this point pins the parsed value for the life of the result
                issues = undefined;
                ctx = undefined;
            }
            return error;
        },
        set error(e) {
            error = e;
            // a replacement makes the getter's branch unreachable, so the captures have to go here too
            issues = undefined;
            ctx = undefined;
        },
    };
}
const _safeParseAsync = (_Err) => async (schema, value, _ctx) => {
    const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
    let result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise)
        result = await result;
    return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
// registry mirrors of the compiler's sentinels, so this module never imports the compiler
const COMPILE_INVALID = /* @__PURE__ */ Symbol.for("zod.compile.invalid");
const COMPILE_FALLBACK = /* @__PURE__ */ Symbol.for("zod.compile.fallback");
// Deliberately tiny, because v8 will not inline a body carrying the fallback's object literals and throw. Everything that is not the compiled happy path lives in validateFallback, and that split is worth ~35% on a compiled schema.
const validate = ((schema, value, _ctx) => {
    const validator = schema._zod.bag.validator;
    if (validator !== undefined) {
        if (validator(value) !== COMPILE_INVALID)
            return true;
        // a definite sentinel means the runtime would reject, so skip the re-parse; a ctx can still change the answer
        if (validator.definite === true && _ctx === undefined)
            return false;
    }
    return validateFallback(schema, value, _ctx);
});
function validateFallback(schema, value, _ctx) {
    const ctx = _ctx
        ? { ..._ctx, async: false, abortEarly: true }
        : { async: false, abortEarly: true };
    const fallbackRun = schema._zod.bag.fallbackRun;
    let result;
    if (fallbackRun) {
        // skip nested fast paths on the fallback, so user callbacks keep the at-most-twice bound
        ctx[COMPILE_FALLBACK] = true;
        result = fallbackRun({ value, issues: [] }, ctx);
    }
    else {
        result = schema._zod.run({ value, issues: [] }, ctx);
    }
    if (result instanceof Promise) {
        throw new $ZodAsyncError();
    }
    return result.issues.length === 0;
}
// no fast path: the compiler keeps async parses on the runtime, because a promise-returning callback that is not declared async compiles to a throw
const validateAsync$1 = async (schema, value, _ctx) => {
    const ctx = _ctx
        ? { ..._ctx, async: true, abortEarly: true }
        : { async: true, abortEarly: true };
    let result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise)
        result = await result;
    return result.issues.length === 0;
};
const _encode = (_Err) => {
    const parse = _parse(_Err);
    const fn = (schema, value, _ctx, _params) => {
        const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
        return parse(schema, value, ctx, finalizeParams(fn, _params));
    };
    return fn;
};
const _decode = (_Err) => {
    const parse = _parse(_Err);
    const fn = (schema, value, _ctx, _params) => {
        return parse(schema, value, _ctx, finalizeParams(fn, _params));
    };
    return fn;
};
const _encodeAsync = (_Err) => {
    const parseAsync = _parseAsync(_Err);
    const fn = async (schema, value, _ctx, _params) => {
        const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
        return (await parseAsync(schema, value, ctx, finalizeParams(fn, _params)));
    };
    return fn;
};
const _decodeAsync = (_Err) => {
    const parseAsync = _parseAsync(_Err);
    const fn = async (schema, value, _ctx, _params) => {
        return await parseAsync(schema, value, _ctx, finalizeParams(fn, _params));
    };
    return fn;
};
const _safeEncode = (_Err) => (schema, value, _ctx) => {
    const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
    return _safeParse(_Err)(schema, value, ctx);
};
const _safeDecode = (_Err) => (schema, value, _ctx) => {
    return _safeParse(_Err)(schema, value, _ctx);
};
const _safeEncodeAsync = (_Err) => async (schema, value, _ctx) => {
    const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
    return _safeParseAsync(_Err)(schema, value, ctx);
};
const _safeDecodeAsync = (_Err) => async (schema, value, _ctx) => {
    return _safeParseAsync(_Err)(schema, value, _ctx);
};

/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link cuid2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
const cuid = /^[cC][0-9a-z]{6,}$/;
const cuid2 = /^[0-9a-z]+$/;
const ulid = /^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$/;
const xid = /^[0-9a-vA-V]{20}$/;
const ksuid = /^[A-Za-z0-9]{27}$/;
const nanoid = /^[a-zA-Z0-9_-]{21}$/;
function nanoidOfLength(length) {
    return new RegExp(`^[a-zA-Z0-9_-]{${length}}$`);
}
/** ISO 8601-1 duration regex. Does not support the 8601-2 extensions like negative durations or fractional/negative components. */
const duration = /^P(?:(\d+W)|(?!.*W)(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+([.,]\d+)?S)?)?)$/;
/** A regex for any UUID-like identifier: 8-4-4-4-12 hex pattern */
const guid = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
/** Returns a regex for validating an RFC 9562/4122 UUID.
 *
 * @param version Optionally specify a version 1-8. If no version is specified, all versions are supported. */
const uuid = (version) => {
    if (!version)
        return /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
    return new RegExp(`^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-${version}[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12})$`);
};
/** Practical email validation */
const email = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
// from https://thekevinscott.com/emojis-in-javascript/#writing-a-regular-expression
// Single character class, not an alternation: the two properties overlap (U+1F9B0-U+1F9B3), so `(A|B)+` backtracks exponentially on a failed match. The leading lookahead then demands one anchor — a pictograph, a regional indicator, or the enclosing keycap — because `\p{Emoji_Component}` on its own covers ASCII digits, `#`, `*`, ZWJ, variation selectors and skin tone modifiers, none of which is an emoji without a base.
const _emoji$1 = `^(?=[\\s\\S]*[\\p{Extended_Pictographic}\\p{Regional_Indicator}\\u20E3])[\\p{Extended_Pictographic}\\p{Emoji_Component}]+$`;
function emoji() {
    return new RegExp(_emoji$1, "u");
}
const ipv4 = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/;
const ipv6 = /^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:))$/;
const cidrv4 = /^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\/([0-9]|[1-2][0-9]|3[0-2])$/;
const cidrv6 = /^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:))\/(12[0-8]|1[01][0-9]|[1-9]?[0-9])$/;
// https://stackoverflow.com/questions/7860392/determine-if-string-is-in-base64-using-javascript
const base64 = /^$|^(?:[0-9a-zA-Z+/]{4})*(?:(?:[0-9a-zA-Z+/]{2}==)|(?:[0-9a-zA-Z+/]{3}=))?$/;
const base64url = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$/;
const httpProtocol = /^https?$/;
// https://blog.stevenlevithan.com/archives/validate-phone-number#r4-3 (regex sans spaces) E.164: leading digit must be 1-9; total digits (excluding '+') between 7-15
const e164 = /^\+[1-9]\d{6,14}$/;
const dateSource = `(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))`;

function anchor(source) {
    return new RegExp(`^${source}$`);
}
const date = /*@__PURE__*/ anchor(dateSource);
function timeSource(args) {
    const hhmm = `(?:[01]\\d|2[0-3]):[0-5]\\d`;
    const regex = typeof args.precision === "number"
        ? args.precision === -1
            ? `${hhmm}`
            : args.precision === 0
                ? `${hhmm}:[0-5]\\d`
                : `${hhmm}:[0-5]\\d\\.\\d{${args.precision}}`
        : args.seconds
            ? `${hhmm}:[0-5]\\d(?:\\.\\d+)?`
            : `${hhmm}(?::[0-5]\\d(?:\\.\\d+)?)?`;
    return regex;
}
function time(args) {
    return new RegExp(`^${timeSource(args)}$`);
}
// Adapted from https://stackoverflow.com/a/3143231
function datetime(args) {
    const opts = ["Z"];
    // if (args.offset) opts.push(`([+-]\\d{2}:\\d{2})`);
    if (args.offset)
        opts.push(`([+-](?:[01]\\d|2[0-3]):[0-5]\\d)`);
    // RFC 3339 mandates seconds wherever the time carries a `Z` or an offset, so only the unqualified form `local` adds may omit them
    const qualified = `${timeSource({ precision: args.precision, seconds: true })}(?:${opts.join("|")})`;
    const timeRegex = args.local ? `${qualified}|${timeSource({ precision: args.precision })}` : qualified;
    return new RegExp(`^${dateSource}T(?:${timeRegex})$`);
}
// the unbounded form of `string()` as a literal, so every plain string shares one instance instead of building its own
const anyString = /^[\s\S]{0,}$/;
const integer$2 = /^-?\d+$/;
const number$1 = /^-?\d+(?:\.\d+)?$/;
const boolean$1 = /^(?:true|false)$/i;
// regex for string with no uppercase letters
const lowercase = /^[^A-Z]*$/;
// regex for string with no lowercase letters
const uppercase = /^[^a-z]*$/;

// import { $ZodType } from "./schemas.js";
const $ZodCheck = /*@__PURE__*/ $constructor("$ZodCheck", (inst, def) => {
    var _a;
    inst._zod ?? (inst._zod = {});
    inst._zod.def = def;
    (_a = inst._zod).onattach ?? (_a.onattach = []);
});
/** Default `when` for length-based checks: run only on non-nullish values with a `length`. */
const _whenHasLength = (payload) => {
    const val = payload.value;
    return !nullish(val) && val.length !== undefined;
};
const numericOriginMap = {
    number: "number",
    bigint: "bigint",
    object: "date",
};
const $ZodCheckLessThan = /*@__PURE__*/ $constructor("$ZodCheckLessThan", (inst, def) => {
    $ZodCheck.init(inst, def);
    const origin = numericOriginMap[typeof def.value];
    inst._zod.check = (payload) => {
        if (def.inclusive ? payload.value <= def.value : payload.value < def.value) {
            return;
        }
        payload.issues.push({
            origin: numericOriginMap[typeof payload.value] ?? origin,
            code: "too_big",
            maximum: typeof def.value === "object" ? def.value.getTime() : def.value,
            input: payload.value,
            inclusive: def.inclusive,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckGreaterThan = /*@__PURE__*/ $constructor("$ZodCheckGreaterThan", (inst, def) => {
    $ZodCheck.init(inst, def);
    const origin = numericOriginMap[typeof def.value];
    inst._zod.check = (payload) => {
        if (def.inclusive ? payload.value >= def.value : payload.value > def.value) {
            return;
        }
        payload.issues.push({
            origin: numericOriginMap[typeof payload.value] ?? origin,
            code: "too_small",
            minimum: typeof def.value === "object" ? def.value.getTime() : def.value,
            input: payload.value,
            inclusive: def.inclusive,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckMultipleOf = 
/*@__PURE__*/ $constructor("$ZodCheckMultipleOf", (inst, def) => {
    $ZodCheck.init(inst, def);
    inst._zod.check = (payload) => {
        if (typeof payload.value !== typeof def.value)
            throw new Error("Cannot mix number and bigint in multiple_of check.");
        const isMultiple = typeof payload.value === "bigint"
            ? // `value % 0n` throws, and nothing is a multiple of zero — the number branch already fails this way via NaN
                def.value !== BigInt(0) && payload.value % def.value === BigInt(0)
            : floatSafeRemainder(payload.value, def.value) === 0;
        if (isMultiple)
            return;
        payload.issues.push({
            origin: typeof payload.value,
            code: "not_multiple_of",
            divisor: def.value,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckNumberFormat = /*@__PURE__*/ $constructor("$ZodCheckNumberFormat", (inst, def) => {
    $ZodCheck.init(inst, def); // no format checks
    def.format = def.format || "float64";
    const isInt = def.format?.includes("int");
    const origin = isInt ? "int" : "number";
    const [minimum, maximum] = NUMBER_FORMAT_RANGES[def.format];
    inst._zod.check = (payload) => {
        const input = payload.value;
        if (isInt) {
            if (!Number.isInteger(input)) {
                // invalid_format issue
                // payload.issues.push({
                //   expected: def.format,
                //   format: def.format,
                //   code: "invalid_format",
                //   input,
                //   inst,
                // });
                // invalid_type issue
                payload.issues.push({
                    expected: origin,
                    format: def.format,
                    code: "invalid_type",
                    continue: false,
                    input,
                    inst,
                });
                return;
                // not_multiple_of issue
                // payload.issues.push({
                //   code: "not_multiple_of",
                //   origin: "number",
                //   input,
                //   inst,
                //   divisor: 1,
                // });
            }
            if (!Number.isSafeInteger(input)) {
                if (input > 0) {
                    // too_big
                    payload.issues.push({
                        input,
                        code: "too_big",
                        maximum: Number.MAX_SAFE_INTEGER,
                        note: "Integers must be within the safe integer range.",
                        inst,
                        origin,
                        inclusive: true,
                        continue: !def.abort,
                    });
                }
                else {
                    // too_small
                    payload.issues.push({
                        input,
                        code: "too_small",
                        minimum: Number.MIN_SAFE_INTEGER,
                        note: "Integers must be within the safe integer range.",
                        inst,
                        origin,
                        inclusive: true,
                        continue: !def.abort,
                    });
                }
                return;
            }
        }
        if (input < minimum) {
            payload.issues.push({
                origin: "number",
                input,
                code: "too_small",
                minimum,
                inclusive: true,
                inst,
                continue: !def.abort,
            });
        }
        if (input > maximum) {
            payload.issues.push({
                origin: "number",
                input,
                code: "too_big",
                maximum,
                inclusive: true,
                inst,
                continue: !def.abort,
            });
        }
    };
});
const $ZodCheckMaxLength = /*@__PURE__*/ $constructor("$ZodCheckMaxLength", (inst, def) => {
    var _a;
    $ZodCheck.init(inst, def);
    (_a = inst._zod.def).when ?? (_a.when = _whenHasLength);
    inst._zod.check = (payload) => {
        const input = payload.value;
        const units = input.length;
        // Strings are measured in Unicode code points, not UTF-16 units. A code point is at most two units, so a string that already fits in units fits in code points; only an overflow has to be counted.
        const length = typeof input === "string" && units > def.maximum ? codePointLength(input) : units;
        if (length <= def.maximum)
            return;
        const origin = getLengthableOrigin(input);
        payload.issues.push({
            origin,
            code: "too_big",
            maximum: def.maximum,
            inclusive: true,
            input,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckMinLength = /*@__PURE__*/ $constructor("$ZodCheckMinLength", (inst, def) => {
    var _a;
    $ZodCheck.init(inst, def);
    (_a = inst._zod.def).when ?? (_a.when = _whenHasLength);
    inst._zod.check = (payload) => {
        const input = payload.value;
        const units = input.length;
        // A code point is one or two UTF-16 units, so fewer units than the floor can never reach it and twice the floor always clears it. Only in between is the exact count in doubt.
        const length = typeof input === "string" && units >= def.minimum && units < def.minimum * 2
            ? codePointLength(input)
            : units;
        if (length >= def.minimum)
            return;
        const origin = getLengthableOrigin(input);
        payload.issues.push({
            origin,
            code: "too_small",
            minimum: def.minimum,
            inclusive: true,
            input,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckLengthEquals = /*@__PURE__*/ $constructor("$ZodCheckLengthEquals", (inst, def) => {
    var _a;
    $ZodCheck.init(inst, def);
    (_a = inst._zod.def).when ?? (_a.when = _whenHasLength);
    inst._zod.check = (payload) => {
        const input = payload.value;
        const units = input.length;
        // A code point is one or two UTF-16 units, so outside `[length, length * 2]` units the target is missed either way — and missed in the same direction in both measures.
        const length = typeof input === "string" && units >= def.length && units <= def.length * 2
            ? codePointLength(input)
            : units;
        if (length === def.length)
            return;
        const origin = getLengthableOrigin(input);
        const tooBig = length > def.length;
        payload.issues.push({
            origin,
            ...(tooBig ? { code: "too_big", maximum: def.length } : { code: "too_small", minimum: def.length }),
            inclusive: true,
            exact: true,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckStringFormat = /*@__PURE__*/ $constructor("$ZodCheckStringFormat", (inst, def) => {
    var _a, _b;
    $ZodCheck.init(inst, def);
    if (def.pattern)
        (_a = inst._zod).check ?? (_a.check = (payload) => {
            def.pattern.lastIndex = 0;
            if (def.pattern.test(payload.value))
                return;
            payload.issues.push({
                origin: "string",
                code: "invalid_format",
                format: def.format,
                input: payload.value,
                ...(def.pattern ? { pattern: def.pattern.toString() } : {}),
                inst,
                continue: !def.abort,
            });
        });
    else
        (_b = inst._zod).check ?? (_b.check = () => { });
});
const $ZodCheckRegex = /*@__PURE__*/ $constructor("$ZodCheckRegex", (inst, def) => {
    $ZodCheckStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        def.pattern.lastIndex = 0;
        if (def.pattern.test(payload.value))
            return;
        payload.issues.push({
            origin: "string",
            code: "invalid_format",
            format: "regex",
            input: payload.value,
            pattern: def.pattern.toString(),
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckLowerCase = /*@__PURE__*/ $constructor("$ZodCheckLowerCase", (inst, def) => {
    def.pattern ?? (def.pattern = lowercase);
    $ZodCheckStringFormat.init(inst, def);
});
const $ZodCheckUpperCase = /*@__PURE__*/ $constructor("$ZodCheckUpperCase", (inst, def) => {
    def.pattern ?? (def.pattern = uppercase);
    $ZodCheckStringFormat.init(inst, def);
});
const $ZodCheckIncludes = /*@__PURE__*/ $constructor("$ZodCheckIncludes", (inst, def) => {
    $ZodCheck.init(inst, def);
    const escapedRegex = escapeRegex(def.includes);
    // `String.prototype.includes(sub, position)` matches `sub` at `position`
    // OR LATER, so the pattern must allow at least `position` leading chars
    // (`{N,}`), not exactly `position` chars (`{N}`).
    const pattern = new RegExp(typeof def.position === "number" ? `^.{${def.position},}${escapedRegex}` : escapedRegex);
    def.pattern = pattern;
    inst._zod.check = (payload) => {
        if (payload.value.includes(def.includes, def.position))
            return;
        payload.issues.push({
            origin: "string",
            code: "invalid_format",
            format: "includes",
            includes: def.includes,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckStartsWith = /*@__PURE__*/ $constructor("$ZodCheckStartsWith", (inst, def) => {
    $ZodCheck.init(inst, def);
    const pattern = new RegExp(`^${escapeRegex(def.prefix)}.*`);
    def.pattern ?? (def.pattern = pattern);
    inst._zod.check = (payload) => {
        if (payload.value.startsWith(def.prefix))
            return;
        payload.issues.push({
            origin: "string",
            code: "invalid_format",
            format: "starts_with",
            prefix: def.prefix,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckEndsWith = /*@__PURE__*/ $constructor("$ZodCheckEndsWith", (inst, def) => {
    $ZodCheck.init(inst, def);
    const pattern = new RegExp(`.*${escapeRegex(def.suffix)}$`);
    def.pattern ?? (def.pattern = pattern);
    inst._zod.check = (payload) => {
        if (payload.value.endsWith(def.suffix))
            return;
        payload.issues.push({
            origin: "string",
            code: "invalid_format",
            format: "ends_with",
            suffix: def.suffix,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckOverwrite = /*@__PURE__*/ $constructor("$ZodCheckOverwrite", (inst, def) => {
    $ZodCheck.init(inst, def);
    inst._zod.check = (payload) => {
        payload.value = def.tx(payload.value);
    };
});

class Doc {
    constructor(args = [], closed = {}) {
        this.content = [];
        this.indent = 0;
        this.args = args;
        this.closed = closed;
    }
    // the compiler catches a child's throw and keeps writing into this doc, so the indent has to unwind with it
    indented(fn) {
        this.indent += 1;
        try {
            fn(this);
        }
        finally {
            this.indent -= 1;
        }
    }
    write(arg) {
        if (typeof arg === "function") {
            arg(this, { execution: "sync" });
            arg(this, { execution: "async" });
            return;
        }
        const content = arg;
        const lines = content.split("\n").filter((x) => x);
        const minIndent = Math.min(...lines.map((x) => x.length - x.trimStart().length));
        const dedented = lines.map((x) => x.slice(minIndent)).map((x) => " ".repeat(this.indent * 2) + x);
        for (const line of dedented) {
            this.content.push(line);
        }
    }
    compile() {
        const F = Function;
        const content = this?.content ?? [``];
        const factory = new F(...Object.keys(this.closed), `return function (${this.args.join(", ")}) {\n${content.join("\n")}\n};`);
        return factory(...Object.values(this.closed));
    }
}

const version = {
    major: 4,
    minor: 6,
    patch: 7,
};

const $ZodType = /*@__PURE__*/ $constructor("$ZodType", (inst, def) => {
    var _a;
    inst ?? (inst = {});
    inst._zod.def = def; // set _def property
    inst._zod.bag = inst._zod.bag || {}; // initialize _bag object
    inst._zod.version = version;
    const defChecks = inst._zod.def.checks;
    // if inst is itself a checks.$ZodCheck, run it as a check
    const checks = inst._zod.traits.has("$ZodCheck")
        ? [inst, ...(defChecks ?? [])]
        : defChecks?.length
            ? [...defChecks]
            : [];
    for (const ch of checks) {
        for (const fn of ch._zod.onattach) {
            fn(inst);
        }
    }
    if (checks.length === 0) {
        // deferred initializer inst._zod.parse is not yet defined
        (_a = inst._zod).deferred ?? (_a.deferred = []);
        inst._zod.deferred?.push(() => {
            inst._zod.run = inst._zod.parse;
        });
    }
    else {
        const runChecks = (payload, checks, ctx) => {
            if (payload.memo)
                return payload;
            let isAborted = aborted(payload);
            let asyncResult;
            for (const ch of checks) {
                if (ch._zod.def.when) {
                    if (explicitlyAborted(payload))
                        continue;
                    const shouldRun = ch._zod.def.when(payload);
                    if (!shouldRun)
                        continue;
                }
                else if (isAborted) {
                    continue;
                }
                const currLen = payload.issues.length;
                const _ = ch._zod.check(payload);
                if (_ instanceof Promise && ctx?.async === false) {
                    throw new $ZodAsyncError();
                }
                if (asyncResult || _ instanceof Promise) {
                    asyncResult = (asyncResult ?? Promise.resolve()).then(async () => {
                        await _;
                        const nextLen = payload.issues.length;
                        if (nextLen === currLen)
                            return;
                        attachSchema(payload.issues, currLen, inst);
                        if (!isAborted)
                            isAborted = aborted(payload, currLen);
                    });
                }
                else {
                    const nextLen = payload.issues.length;
                    if (nextLen === currLen)
                        continue;
                    attachSchema(payload.issues, currLen, inst);
                    if (!isAborted)
                        isAborted = aborted(payload, currLen);
                }
            }
            if (asyncResult) {
                return asyncResult.then(() => {
                    return payload;
                });
            }
            return payload;
        };
        const handleCanaryResult = (canary, payload, ctx) => {
            // abort if the canary is aborted
            if (aborted(canary)) {
                canary.aborted = true;
                return canary;
            }
            // run checks first, then
            const checkResult = runChecks(payload, checks, ctx);
            if (checkResult instanceof Promise) {
                if (ctx.async === false)
                    throw new $ZodAsyncError();
                return checkResult.then((checkResult) => inst._zod.parse(checkResult, ctx));
            }
            return inst._zod.parse(checkResult, ctx);
        };
        inst._zod.run = (payload, ctx) => {
            if (ctx.skipChecks) {
                return inst._zod.parse(payload, ctx);
            }
            if (ctx.direction === "backward") {
                // run canary initial pass (no checks)
                const canary = inst._zod.parse({ value: payload.value, issues: [] }, { ...ctx, skipChecks: true });
                if (canary instanceof Promise) {
                    return canary.then((canary) => {
                        return handleCanaryResult(canary, payload, ctx);
                    });
                }
                return handleCanaryResult(canary, payload, ctx);
            }
            // forward
            const result = inst._zod.parse(payload, ctx);
            if (result instanceof Promise) {
                if (ctx.async === false)
                    throw new $ZodAsyncError();
                return result.then((result) => runChecks(result, checks, ctx));
            }
            return runChecks(result, checks, ctx);
        };
    }
}, {
    // Wrappers extend this by installing a richer factory over it; reading it eagerly would defeat the laziness.
    get "~standard"() {
        return hide(this, "~standard", standardProps(this));
    },
    set "~standard"(value) {
        own(this, "~standard", value);
    },
});
/** The Standard Schema surface for `inst`. Shared so wrappers can extend it without forcing it. */
// a Standard Schema result only reports issues, so a failure finalizes them straight off the raw payload: no ZodError, and no lazy result to read through
const toStandardResult = (r, ctx) => r.issues.length ? { issues: r.issues.map((iss) => finalizeIssue(iss, ctx, config())) } : { value: r.value };
async function validateAsync(inst, value) {
    const ctx = { async: true };
    return toStandardResult((await inst._zod.run({ value, issues: [] }, ctx)), ctx);
}
function standardProps(inst) {
    return {
        validate: (value) => {
            const ctx = { async: false };
            try {
                const r = inst._zod.run({ value, issues: [] }, ctx);
                if (!(r instanceof Promise))
                    return toStandardResult(r, ctx);
            }
            catch (_) { }
            // async function so a synchronously throwing check rejects instead of escaping validate
            return validateAsync(inst, value);
        },
        vendor: "zod",
        version: 1,
    };
}
const $ZodString = /*@__PURE__*/ $constructor("$ZodString", (inst, def) => {
    $ZodType.init(inst, def);
    // a format's own pattern, else unbounded; a template literal derives the check-aware form itself
    inst._zod.pattern = def.pattern ?? anyString;
    inst._zod.parse = (payload, _) => {
        if (def.coerce)
            try {
                payload.value = String(payload.value);
            }
            catch (_) { }
        if (typeof payload.value === "string")
            return payload;
        payload.issues.push({
            expected: "string",
            code: "invalid_type",
            input: payload.value,
            inst,
        });
        return payload;
    };
});
const $ZodStringFormat = /*@__PURE__*/ $constructor("$ZodStringFormat", (inst, def) => {
    // check initialization must come first
    $ZodCheckStringFormat.init(inst, def);
    $ZodString.init(inst, def);
});
const $ZodGUID = /*@__PURE__*/ $constructor("$ZodGUID", (inst, def) => {
    def.pattern ?? (def.pattern = guid);
    $ZodStringFormat.init(inst, def);
});
const $ZodUUID = /*@__PURE__*/ $constructor("$ZodUUID", (inst, def) => {
    if (def.version) {
        const versionMap = {
            v1: 1,
            v2: 2,
            v3: 3,
            v4: 4,
            v5: 5,
            v6: 6,
            v7: 7,
            v8: 8,
        };
        const v = versionMap[def.version];
        if (v === undefined)
            throw new Error(`Invalid UUID version: "${def.version}"`);
        def.pattern ?? (def.pattern = uuid(v));
    }
    else
        def.pattern ?? (def.pattern = uuid());
    $ZodStringFormat.init(inst, def);
});
const $ZodEmail = /*@__PURE__*/ $constructor("$ZodEmail", (inst, def) => {
    def.pattern ?? (def.pattern = email);
    $ZodStringFormat.init(inst, def);
});
/** The `://` guard rejected the input before the URL constructor saw it. */
const URL_BAD_FORMAT = 1;
/** The URL parser rejected the input. */
const URL_UNPARSEABLE = 2;
function canParseURL(input) {
    try {
        if (typeof URL !== "undefined" && typeof URL.canParse === "function")
            return URL.canParse(input);
        new URL(input);
        return true;
    }
    catch {
        return false;
    }
}
function validateURL(trimmed, def) {
    if (!("normalize" in def) && !("hostname" in def) && !("protocol" in def)) {
        return canParseURL(trimmed) || URL_UNPARSEABLE;
    }
    return parseURLObject(trimmed, def);
}
/** Parses a URL while preserving the non-normalizing HTTP guard. */
function parseURLObject(trimmed, def) {
    // When normalize is off, require :// for http/https URLs. This prevents strings like "http:example.com" or "https:/path" from being silently accepted
    if (!def.normalize && def.protocol?.source === httpProtocol.source && !/^https?:\/\//i.test(trimmed)) {
        return URL_BAD_FORMAT;
    }
    try {
        if (typeof URL !== "undefined") {
            const URLStatic = URL;
            if (typeof URLStatic.parse === "function")
                return URLStatic.parse(trimmed) ?? URL_UNPARSEABLE;
        }
        // @ts-ignore
        return new URL(trimmed);
    }
    catch {
        return URL_UNPARSEABLE;
    }
}
const asciiTabOrNewline = /[\t\n\r]/g;
/** The URL parser deletes every ASCII tab, LF and CR from its input before it parses, so `new URL("https://exa\nmple.com")` reports on `example.com`. Applying the same deletion to the returned value closes the half of that divergence which can move the host; the parser's other rewrite, stripping C0 controls at the edges, cannot. */
function stripTabAndNewline(value) {
    return value.replace(asciiTabOrNewline, "");
}
function urlHostnameOk(url, hostname) {
    hostname.lastIndex = 0;
    return hostname.test(url.hostname);
}
function urlProtocolOk(url, protocol) {
    protocol.lastIndex = 0;
    return protocol.test(url.protocol.endsWith(":") ? url.protocol.slice(0, -1) : url.protocol);
}
const $ZodURL = /*@__PURE__*/ $constructor("$ZodURL", (inst, def) => {
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        try {
            // Trim whitespace from input
            const trimmed = payload.value.trim();
            const url = validateURL(trimmed, def);
            if (url === URL_BAD_FORMAT) {
                payload.issues.push({
                    code: "invalid_format",
                    format: "url",
                    note: "Invalid URL format",
                    input: payload.value,
                    inst,
                    continue: !def.abort,
                });
                return;
            }
            if (url === URL_UNPARSEABLE) {
                payload.issues.push({
                    code: "invalid_format",
                    format: "url",
                    input: payload.value,
                    inst,
                    continue: !def.abort,
                });
                return;
            }
            if (url === true) {
                payload.value = stripTabAndNewline(trimmed);
                return;
            }
            if (def.hostname && !urlHostnameOk(url, def.hostname)) {
                payload.issues.push({
                    code: "invalid_format",
                    format: "url",
                    note: "Invalid hostname",
                    pattern: def.hostname.source,
                    input: payload.value,
                    inst,
                    continue: !def.abort,
                });
            }
            if (def.protocol && !urlProtocolOk(url, def.protocol)) {
                payload.issues.push({
                    code: "invalid_format",
                    format: "url",
                    note: "Invalid protocol",
                    pattern: def.protocol.source,
                    input: payload.value,
                    inst,
                    continue: !def.abort,
                });
            }
            // Set the output value based on normalize flag
            payload.value = def.normalize ? url.href : stripTabAndNewline(trimmed);
            return;
        }
        catch (_) {
            payload.issues.push({
                code: "invalid_format",
                format: "url",
                input: payload.value,
                inst,
                continue: !def.abort,
            });
        }
    };
});
const $ZodEmoji = /*@__PURE__*/ $constructor("$ZodEmoji", (inst, def) => {
    def.pattern ?? (def.pattern = emoji());
    $ZodStringFormat.init(inst, def);
});
const $ZodNanoID = /*@__PURE__*/ $constructor("$ZodNanoID", (inst, def) => {
    if (def.length !== undefined && (!Number.isInteger(def.length) || def.length < 1))
        throw new Error(`Invalid nanoid length: ${def.length}`);
    def.pattern ?? (def.pattern = def.length === undefined ? nanoid : nanoidOfLength(def.length));
    $ZodStringFormat.init(inst, def);
});
/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link $ZodCUID2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
const $ZodCUID = /*@__PURE__*/ $constructor("$ZodCUID", (inst, def) => {
    def.pattern ?? (def.pattern = cuid);
    $ZodStringFormat.init(inst, def);
});
const $ZodCUID2 = /*@__PURE__*/ $constructor("$ZodCUID2", (inst, def) => {
    def.pattern ?? (def.pattern = cuid2);
    $ZodStringFormat.init(inst, def);
});
const $ZodULID = /*@__PURE__*/ $constructor("$ZodULID", (inst, def) => {
    def.pattern ?? (def.pattern = ulid);
    $ZodStringFormat.init(inst, def);
});
const $ZodXID = /*@__PURE__*/ $constructor("$ZodXID", (inst, def) => {
    def.pattern ?? (def.pattern = xid);
    $ZodStringFormat.init(inst, def);
});
const $ZodKSUID = /*@__PURE__*/ $constructor("$ZodKSUID", (inst, def) => {
    def.pattern ?? (def.pattern = ksuid);
    $ZodStringFormat.init(inst, def);
});
const $ZodISODateTime = /*@__PURE__*/ $constructor("$ZodISODateTime", (inst, def) => {
    def.pattern ?? (def.pattern = datetime(def));
    $ZodStringFormat.init(inst, def);
});
const $ZodISODate = /*@__PURE__*/ $constructor("$ZodISODate", (inst, def) => {
    def.pattern ?? (def.pattern = date);
    $ZodStringFormat.init(inst, def);
});
const $ZodISOTime = /*@__PURE__*/ $constructor("$ZodISOTime", (inst, def) => {
    def.pattern ?? (def.pattern = time(def));
    $ZodStringFormat.init(inst, def);
});
const $ZodISODuration = /*@__PURE__*/ $constructor("$ZodISODuration", (inst, def) => {
    def.pattern ?? (def.pattern = duration);
    $ZodStringFormat.init(inst, def);
});
const $ZodIPv4 = /*@__PURE__*/ $constructor("$ZodIPv4", (inst, def) => {
    def.pattern ?? (def.pattern = ipv4);
    $ZodStringFormat.init(inst, def);
});
/** An IPv6 address is written with hex digits, colons and dots, and nothing else. The guard is what makes the check below an IPv6 check: `new URL("http://[...]")` parses an authority, not an address, so `@` and `\` re-delimit it and `"::@1\\"` validates against the host `0.0.0.1`. The URL parser also deletes ASCII tab, LF and CR rather than failing, which is how `"::1\n"` validated as `::1`. */
const ipv6Alphabet = /^[0-9a-fA-F:.]+$/;
function isValidIPv6(value) {
    if (!ipv6Alphabet.test(value))
        return false;
    return canParseURL(`http://[${value}]`);
}
const $ZodIPv6 = /*@__PURE__*/ $constructor("$ZodIPv6", (inst, def) => {
    def.pattern ?? (def.pattern = ipv6);
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (!isValidIPv6(payload.value)) {
            payload.issues.push({
                code: "invalid_format",
                format: "ipv6",
                input: payload.value,
                inst,
                continue: !def.abort,
            });
        }
    };
});
const $ZodCIDRv4 = /*@__PURE__*/ $constructor("$ZodCIDRv4", (inst, def) => {
    def.pattern ?? (def.pattern = cidrv4);
    $ZodStringFormat.init(inst, def);
});
function isValidCIDRv6(value) {
    const parts = value.split("/");
    if (parts.length !== 2)
        return false;
    const [address, prefix] = parts;
    if (!prefix)
        return false;
    const prefixNum = Number(prefix);
    if (`${prefixNum}` !== prefix)
        return false;
    if (prefixNum < 0 || prefixNum > 128)
        return false;
    return isValidIPv6(address);
}
const $ZodCIDRv6 = /*@__PURE__*/ $constructor("$ZodCIDRv6", (inst, def) => {
    def.pattern ?? (def.pattern = cidrv6); // not used for validation
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (!isValidCIDRv6(payload.value)) {
            payload.issues.push({
                code: "invalid_format",
                format: "cidrv6",
                input: payload.value,
                inst,
                continue: !def.abort,
            });
        }
    };
});
//////////////////////////////   ZodBase64   //////////////////////////////
function isValidBase64(data) {
    if (data === "")
        return true;
    // atob ignores whitespace, so reject it up front.
    if (/\s/.test(data))
        return false;
    if (data.length % 4 !== 0)
        return false;
    try {
        // @ts-ignore
        atob(data);
        return true;
    }
    catch {
        return false;
    }
}
// lax on purpose: the quantified regexes.base64 overflows the regex stack on multi-MB input and its leading ^$| alternation leaks through template-literal composition; isValidBase64 enforces length and padding
const base64Charset = /^[0-9a-zA-Z+/]*={0,2}$/;
const $ZodBase64 = /*@__PURE__*/ $constructor("$ZodBase64", (inst, def) => {
    def.pattern ?? (def.pattern = base64Charset);
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (isValidBase64(payload.value))
            return;
        payload.issues.push({
            code: "invalid_format",
            format: "base64",
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
//////////////////////////////   ZodBase64URL   //////////////////////////////
// lax on purpose: the quantified regexes.base64url overflows the regex stack on multi-MB input; isValidBase64 enforces length on the padded string
const base64urlCharset = /^[A-Za-z0-9_-]*$/;
function isValidBase64URL(data) {
    if (!base64urlCharset.test(data))
        return false;
    const base64 = data.replace(/[-_]/g, (c) => (c === "-" ? "+" : "/"));
    const padded = base64.padEnd(Math.ceil(base64.length / 4) * 4, "=");
    return isValidBase64(padded);
}
const $ZodBase64URL = /*@__PURE__*/ $constructor("$ZodBase64URL", (inst, def) => {
    def.pattern ?? (def.pattern = base64urlCharset);
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (isValidBase64URL(payload.value))
            return;
        payload.issues.push({
            code: "invalid_format",
            format: "base64url",
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodE164 = /*@__PURE__*/ $constructor("$ZodE164", (inst, def) => {
    def.pattern ?? (def.pattern = e164);
    $ZodStringFormat.init(inst, def);
});
//////////////////////////////   ZodJWT   //////////////////////////////
function isValidJWT(token, algorithm = null) {
    try {
        const tokensParts = token.split(".");
        if (tokensParts.length !== 3)
            return false;
        const [header] = tokensParts;
        if (!header)
            return false;
        // @ts-ignore
        const parsedHeader = JSON.parse(atob(header));
        if ("typ" in parsedHeader && parsedHeader?.typ !== "JWT")
            return false;
        if (!parsedHeader.alg)
            return false;
        if (algorithm && (!("alg" in parsedHeader) || parsedHeader.alg !== algorithm))
            return false;
        return true;
    }
    catch {
        return false;
    }
}
const $ZodJWT = /*@__PURE__*/ $constructor("$ZodJWT", (inst, def) => {
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (isValidJWT(payload.value, def.alg))
            return;
        payload.issues.push({
            code: "invalid_format",
            format: "jwt",
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodNumber = /*@__PURE__*/ $constructor("$ZodNumber", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.pattern = number$1;
    inst._zod.parse = (payload, _ctx) => {
        if (def.coerce)
            try {
                payload.value = Number(payload.value);
            }
            catch (_) { }
        const input = payload.value;
        if (typeof input === "number" && !Number.isNaN(input) && Number.isFinite(input)) {
            return payload;
        }
        const received = typeof input === "number"
            ? Number.isNaN(input)
                ? "NaN"
                : !Number.isFinite(input)
                    ? String(input)
                    : undefined
            : undefined;
        payload.issues.push({
            expected: "number",
            code: "invalid_type",
            input,
            inst,
            ...(received ? { received } : {}),
        });
        return payload;
    };
});
const $ZodNumberFormat = /*@__PURE__*/ $constructor("$ZodNumberFormat", (inst, def) => {
    $ZodCheckNumberFormat.init(inst, def);
    $ZodNumber.init(inst, def); // no format checks
});
const $ZodBoolean = /*@__PURE__*/ $constructor("$ZodBoolean", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.pattern = boolean$1;
    inst._zod.parse = (payload, _ctx) => {
        if (def.coerce)
            try {
                payload.value = Boolean(payload.value);
            }
            catch (_) { }
        const input = payload.value;
        if (typeof input === "boolean")
            return payload;
        payload.issues.push({
            expected: "boolean",
            code: "invalid_type",
            input,
            inst,
        });
        return payload;
    };
});
const $ZodUnknown = /*@__PURE__*/ $constructor("$ZodUnknown", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload) => payload;
});
const $ZodNever = /*@__PURE__*/ $constructor("$ZodNever", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, _ctx) => {
        payload.issues.push({
            expected: "never",
            code: "invalid_type",
            input: payload.value,
            inst,
        });
        return payload;
    };
});
// an oversized container fails its leading size checks before any element is parsed
function capSize(inst, size) {
    const caps = sizeCaps(inst._zod.def.checks);
    if (!caps.length)
        return;
    const cap = Math.min(...caps.map((c) => c[0]));
    const parse = inst._zod.parse;
    inst._zod.parse = (payload, ctx) => {
        const n = size(payload.value);
        if (n > cap && !ctx?.skipChecks && ctx?.direction !== "backward") {
            for (const [max, ch] of sizeCaps(inst._zod.def.checks)) {
                if (n > max && ch._zod.def.when(payload)) {
                    const start = payload.issues.length;
                    ch._zod.check(payload);
                    // the value is still the raw input, so no later check may read it
                    payload.issues[start].continue = false;
                    attachSchema(payload.issues, start, inst);
                    return payload;
                }
            }
        }
        return parse(payload, ctx);
    };
}
const arraySize = (input) => (Array.isArray(input) ? input.length : -1);
function handleArrayResult(result, final, index) {
    if (result.issues.length) {
        final.issues.push(...prefixIssues(index, result.issues));
    }
    final.value[index] = result.value;
}
const $ZodArray = /*@__PURE__*/ $constructor("$ZodArray", (inst, def) => {
    $ZodType.init(inst, def);
    const memo = globalConfig.memoizer;
    memo?.attach(inst);
    inst._zod.parse = (payload, ctx) => {
        const input = payload.value;
        if (!Array.isArray(input)) {
            payload.issues.push({
                expected: "array",
                code: "invalid_type",
                input,
                inst,
            });
            return payload;
        }
        payload.value = memo ? memo.alloc(inst, payload, Array(input.length), ctx) : Array(input.length);
        const proms = [];
        const abortEarly = ctx?.abortEarly;
        for (let i = 0; i < input.length; i++) {
            const item = input[i];
            const result = def.element._zod.run({
                value: item,
                issues: [],
            }, ctx);
            if (result instanceof Promise) {
                proms.push(result.then((result) => handleArrayResult(result, payload, i)));
            }
            else {
                handleArrayResult(result, payload, i);
                // the element's payload is authoritative here, since handleArrayResult forwards every issue; an object's is not, because it drops a failed absent optional
                if (abortEarly && result.issues.length !== 0 && aborted(result))
                    break;
            }
        }
        if (proms.length) {
            return Promise.all(proms).then(() => payload);
        }
        return payload; //handleArrayResultsAsync(parseResults, final);
    };
    capSize(inst, arraySize);
});
function handlePropertyResult(result, final, key, input, optin, optout) {
    const isPresent = key in input;
    const isOptionalOut = optout === "optional";
    // The middle rung means "absence permitted, nothing supplied in its place", so an absent key contributes nothing — whatever the schema made of `undefined` is invented, not substituted. Only `optional` reaches this with a value: `defaulted` substitutes, and a schema that isn't optional-out has to keep the key.
    if (!isPresent && isOptionalOut && optin === "optional") {
        return;
    }
    if (result.issues.length) {
        // For optional-in/out schemas, ignore errors on absent keys.
        if (optin !== undefined && isOptionalOut && !isPresent) {
            return;
        }
        final.issues.push(...prefixIssues(key, result.issues));
    }
    if (!isPresent && optin === undefined) {
        if (!result.issues.length) {
            final.issues.push({
                code: "invalid_type",
                expected: "nonoptional",
                input: undefined,
                path: [key],
            });
        }
        return;
    }
    if (result.value === undefined) {
        if (isPresent || (optin === "defaulted" && !isOptionalOut)) {
            final.value[key] = undefined;
        }
    }
    else {
        final.value[key] = result.value;
    }
}
// one shared instance; a fresh [] per schema cost 56 bytes retained
const NO_SYMBOL_KEYS = [];
function normalizeDef(def) {
    const keys = Object.keys(def.shape);
    const ownSymbols = Object.getOwnPropertySymbols(def.shape);
    const symbolKeys = ownSymbols.length ? ownSymbols : NO_SYMBOL_KEYS;
    // aliases `keys` when there are no symbols, so a string-only shape keeps one array
    const allKeys = symbolKeys.length ? [...keys, ...symbolKeys] : keys;
    for (const k of allKeys) {
        if (!def.shape?.[k]?._zod?.traits?.has("$ZodType")) {
            throw new Error(`Invalid element at key "${String(k)}": expected a Zod schema`);
        }
    }
    const okeys = optionalKeys(def.shape);
    return {
        ...def,
        allKeys,
        symbolKeys,
        // string-only: handleCatchall matches it against `for...in`, which never yields a symbol
        keySet: new Set(keys),
        numKeys: keys.length,
        optionalKeys: new Set(okeys),
    };
}
function handleCatchall(proms, input, payload, ctx, def, inst, abortEarly) {
    const unrecognized = [];
    const keySet = def.keySet;
    const _catchall = def.catchall._zod;
    const t = _catchall.def.type;
    const optin = _catchall.optin;
    const optout = _catchall.optout;
    // starts at 0, not the current length: the shape phase already ran and may have aborted
    let seen = 0;
    for (const key in input) {
        if (abortEarly && payload.issues.length !== seen) {
            if (aborted(payload, seen))
                break;
            seen = payload.issues.length;
        }
        // Must precede the __proto__ branch: a declared key is not unrecognized, even though the shape loop deliberately strips __proto__ from the parsed output.
        if (keySet.has(key))
            continue;
        // Don't copy an undeclared __proto__ into the result; assignment to a plain {} would replace the result prototype. But in strict mode it is still an unknown key, so report it before skipping.
        if (key === "__proto__") {
            if (t === "never")
                unrecognized.push(key);
            continue;
        }
        if (t === "never") {
            unrecognized.push(key);
            continue;
        }
        const r = _catchall.run({ value: input[key], issues: [] }, ctx);
        if (r instanceof Promise) {
            proms.push(r.then((r) => handlePropertyResult(r, payload, key, input, optin, optout)));
        }
        else {
            handlePropertyResult(r, payload, key, input, optin, optout);
        }
    }
    if (unrecognized.length) {
        payload.issues.push({
            code: "unrecognized_keys",
            keys: unrecognized,
            input,
            inst,
            // Describes the shape of the input, not the validity of the parsed value, so it never aborts. The parse still fails; the schema's own checks just get to run first, and an enclosing intersection can reconcile the key against a sibling operand.
            continue: true,
        });
    }
    if (!proms.length)
        return payload;
    return Promise.all(proms).then(() => {
        return payload;
    });
}
const $ZodObject = /*@__PURE__*/ $constructor("$ZodObject", (inst, def) => {
    // requires cast because technically $ZodObject doesn't extend
    $ZodType.init(inst, def);
    const desc = Object.getOwnPropertyDescriptor(def, "shape");
    // a cloned def carries its source's accessor, which knows the shape it answers from; adopting that keeps the clone's keys readable without running it
    const sh = desc?.get ? desc.get.raw : (def.shape ?? {});
    if (sh) {
        // Freezes the shape on first read, so its getters resolve once and every later read sees the same schemas.
        const get = () => {
            const newSh = { ...sh };
            Object.defineProperty(def, "shape", { value: newSh });
            get.raw = newSh;
            return newSh;
        };
        get.raw = sh;
        Object.defineProperty(def, "shape", { get });
    }
    const _normalized = cached$1(() => normalizeDef(def));
    defineLazyInternal(inst, "propValues", (zod) => {
        const shape = zod.def.shape;
        const propValues = {};
        for (const key in shape) {
            const field = shape[key]._zod;
            if (field.values) {
                if (!Object.prototype.hasOwnProperty.call(propValues, key)) {
                    assignProp(propValues, key, new Set());
                }
                for (const v of field.values)
                    propValues[key].add(v);
                // An omittable slot reads back as undefined at a discriminator lookup, so it has to claim undefined: two options that can both omit the key are not discriminable on it.
                if (field.optin !== undefined)
                    propValues[key].add(undefined);
            }
        }
        return propValues;
    });
    const isObject$1 = isObject;
    const catchall = def.catchall;
    let value;
    const memo = globalConfig.memoizer;
    memo?.attach(inst);
    inst._zod.parse = (payload, ctx) => {
        value ?? (value = _normalized.value);
        const input = payload.value;
        if (!isObject$1(input)) {
            payload.issues.push({
                expected: "object",
                code: "invalid_type",
                input,
                inst,
            });
            return payload;
        }
        payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
        const proms = [];
        const shape = value.shape;
        const abortEarly = ctx?.abortEarly;
        let seen = payload.issues.length;
        for (const key of value.allKeys) {
            if (abortEarly && payload.issues.length !== seen) {
                if (aborted(payload, seen))
                    break;
                seen = payload.issues.length;
            }
            if (key === "__proto__")
                continue;
            const el = shape[key];
            const optin = el._zod.optin;
            const optout = el._zod.optout;
            const r = el._zod.run({ value: input[key], issues: [] }, ctx);
            if (r instanceof Promise) {
                proms.push(r.then((r) => handlePropertyResult(r, payload, key, input, optin, optout)));
            }
            else {
                handlePropertyResult(r, payload, key, input, optin, optout);
            }
        }
        if (!catchall) {
            return proms.length ? Promise.all(proms).then(() => payload) : payload;
        }
        return handleCatchall(proms, input, payload, ctx, _normalized.value, inst, abortEarly === true);
    };
});
const $ZodObjectJIT = /*@__PURE__*/ $constructor("$ZodObjectJIT", (inst, def) => {
    // requires cast because technically $ZodObject doesn't extend
    $ZodObject.init(inst, def);
    const superParse = inst._zod.parse;
    const _normalized = cached$1(() => normalizeDef(def));
    const memo = globalConfig.memoizer;
    const generateFastpass = (shape) => {
        const normalized = _normalized.value;
        const syms = normalized.symbolKeys;
        // a symbol has no source literal, so it is read as `syms[i]` off the closed-over scope
        const doc = new Doc(["payload", "ctx"], { shape, inst, memo, syms });
        const parseStr = (k) => `shape[${k}]._zod.run({ value: input[${k}], issues: [] }, ctx)`;
        // prefixes in place, like util.prefixIssues. newResult must land before the early return: a catchall runs after this and would otherwise write onto the caller's input
        const prefixStr = (id, k) => `
          let ${id}_ab = false;
          for (let i = 0; i < ${id}.issues.length; i++) {
            const iss = ${id}.issues[i];
            iss.path = iss.path ? [${k}, ...iss.path] : [${k}];
            payload.issues.push(iss);
            if (iss.continue !== true) ${id}_ab = true;
          }
          if (${id}_ab && ctx && ctx.abortEarly) {
            payload.value = newResult;
            return payload;
          }`;
        doc.write(`const input = payload.value;`);
        const ids = Object.create(null);
        let counter = 0;
        for (const key of normalized.allKeys) {
            ids[key] = `key_${counter++}`;
        }
        // A: preserve key order {
        doc.write(memo ? `const newResult = memo.alloc(inst, payload, {}, ctx);` : `const newResult = {};`);
        for (const key of normalized.allKeys) {
            if (key === "__proto__")
                continue;
            const id = ids[key];
            const k = typeof key === "symbol" ? `syms[${syms.indexOf(key)}]` : esc(key);
            const isPresent = `${k} in input`;
            const schema = shape[key];
            const optin = schema?._zod?.optin;
            const isOptionalIn = optin !== undefined;
            const isOptionalOut = schema?._zod?.optout === "optional";
            doc.write(`const ${id} = ${parseStr(k)};`);
            if (isOptionalIn && isOptionalOut) {
                // For optional-in/out schemas, ignore errors on absent keys — and, like the interpreted path, drop the value produced alongside them. The middle rung goes further: it permits absence without supplying anything in its place, so an absent key contributes nothing at all.
                const assign = optin === "optional" ? `${id}_present` : `${id}.value !== undefined || ${id}_present`;
                doc.write(`
        const ${id}_present = ${isPresent};
        if (!${id}.issues.length || ${id}_present) {
          if (${id}.issues.length) {${prefixStr(id, k)}
          }

          if (${assign}) {
            newResult[${k}] = ${id}.value;
          }
        }

      `);
            }
            else if (!isOptionalIn) {
                doc.write(`
        const ${id}_present = ${isPresent};
        if (${id}.issues.length) {${prefixStr(id, k)}
        }
        if (!${id}_present && !${id}.issues.length) {
          payload.issues.push({
            code: "invalid_type",
            expected: "nonoptional",
            input: undefined,
            path: [${k}]
          });
          if (ctx && ctx.abortEarly) {
            payload.value = newResult;
            return payload;
          }
        }

        if (${id}_present) {
          newResult[${k}] = ${id}.value;
        }

      `);
            }
            else {
                doc.write(`
        if (${id}.issues.length) {${prefixStr(id, k)}
        }
      `);
                if (optin === "defaulted") {
                    doc.write(`newResult[${k}] = ${id}.value;`);
                }
                else {
                    doc.write(`
        if (${id}.value !== undefined || ${isPresent}) {
          newResult[${k}] = ${id}.value;
        }
      `);
                }
            }
        }
        doc.write(`payload.value = newResult;`);
        doc.write(`return payload;`);
        // closing `shape` in is what pays: turbofan specializes the parser against that one shape object, so every `shape[k]._zod.run` folds to a known callee. as a parameter it stays a generic load and measures 13% slower even with the forwarding frame gone
        return doc.compile();
    };
    let fastpass;
    const isObject$1 = isObject;
    const jit = !globalConfig.jitless;
    const allowsEval$1 = allowsEval;
    const fastEnabled = jit && allowsEval$1.value; // && !def.catchall;
    const catchall = def.catchall;
    let value;
    inst._zod.parse = (payload, ctx) => {
        value ?? (value = _normalized.value);
        const input = payload.value;
        if (!isObject$1(input)) {
            payload.issues.push({
                expected: "object",
                code: "invalid_type",
                input,
                inst,
            });
            return payload;
        }
        if (jit && fastEnabled && ctx?.async === false && ctx.jitless !== true) {
            // always synchronous
            if (!fastpass)
                fastpass = generateFastpass(def.shape);
            payload = fastpass(payload, ctx);
            if (!catchall)
                return payload;
            return handleCatchall([], input, payload, ctx, value, inst, ctx?.abortEarly === true);
        }
        return superParse(payload, ctx);
    };
});
function handleUnionResults(results, final, inst, ctx) {
    for (const result of results) {
        if (result.issues.length === 0) {
            final.value = result.value;
            return final;
        }
    }
    const nonaborted = results.filter((r) => !aborted(r));
    if (nonaborted.length === 1) {
        final.value = nonaborted[0].value;
        return nonaborted[0];
    }
    final.issues.push({
        code: "invalid_union",
        input: final.value,
        inst,
        errors: results.map((result) => result.issues.map((iss) => finalizeIssue(iss, ctx, config()))),
    });
    return final;
}
const $ZodUnion = /*@__PURE__*/ $constructor("$ZodUnion", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "optin", (zod) => zod.def.options.some((o) => o._zod.optin === "defaulted")
        ? "defaulted"
        : zod.def.options.some((o) => o._zod.optin !== undefined)
            ? "optional"
            : undefined);
    defineLazyInternal(inst, "optout", (zod) => zod.def.options.some((o) => o._zod.optout === "optional") ? "optional" : undefined);
    defineLazyInternal(inst, "values", (zod) => {
        if (zod.def.options.every((o) => o._zod.values)) {
            return new Set(zod.def.options.flatMap((option) => Array.from(option._zod.values)));
        }
        return undefined;
    });
    defineLazyInternal(inst, "pattern", (zod) => {
        if (zod.def.options.every((o) => o._zod.pattern)) {
            const patterns = zod.def.options.map((o) => o._zod.pattern);
            return new RegExp(`^(${patterns.map((p) => cleanRegex(p.source)).join("|")})$`);
        }
        return undefined;
    });
    const first = def.options.length === 1 ? def.options[0]._zod.run : null;
    inst._zod.parse = (payload, ctx) => {
        if (first) {
            return first(payload, ctx);
        }
        let async = false;
        const results = [];
        for (const option of def.options) {
            const result = option._zod.run({
                value: payload.value,
                issues: [],
            }, ctx);
            if (result instanceof Promise) {
                results.push(result);
                async = true;
            }
            else {
                if (result.issues.length === 0)
                    return result;
                results.push(result);
            }
        }
        if (!async)
            return handleUnionResults(results, payload, inst, ctx);
        return Promise.all(results).then((results) => {
            return handleUnionResults(results, payload, inst, ctx);
        });
    };
});
const $ZodIntersection = /*@__PURE__*/ $constructor("$ZodIntersection", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, ctx) => {
        const input = payload.value;
        const left = def.left._zod.run({ value: input, issues: [] }, ctx);
        const right = def.right._zod.run({ value: input, issues: [] }, ctx);
        const async = left instanceof Promise || right instanceof Promise;
        if (async) {
            return Promise.all([left, right]).then(([left, right]) => {
                return handleIntersectionResults(payload, left, right);
            });
        }
        return handleIntersectionResults(payload, left, right);
    };
});
function mergeValues(a, b) {
    // const aType = parse.t(a);
    // const bType = parse.t(b);
    if (a === b) {
        return { valid: true, data: a };
    }
    if (a instanceof Date && b instanceof Date && +a === +b) {
        return { valid: true, data: a };
    }
    if (isPlainObject(a) && isPlainObject(b)) {
        const bKeys = Object.keys(b);
        const sharedKeys = Object.keys(a).filter((key) => bKeys.indexOf(key) !== -1);
        const newObj = { ...a, ...b };
        if (Object.prototype.hasOwnProperty.call(newObj, "__proto__"))
            delete newObj.__proto__;
        for (const key of sharedKeys) {
            if (key === "__proto__")
                continue;
            const sharedValue = mergeValues(a[key], b[key]);
            if (!sharedValue.valid) {
                return {
                    valid: false,
                    mergeErrorPath: [key, ...sharedValue.mergeErrorPath],
                };
            }
            newObj[key] = sharedValue.data;
        }
        return { valid: true, data: newObj };
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        if (a.length !== b.length) {
            return { valid: false, mergeErrorPath: [] };
        }
        const newArray = [];
        for (let index = 0; index < a.length; index++) {
            const itemA = a[index];
            const itemB = b[index];
            const sharedValue = mergeValues(itemA, itemB);
            if (!sharedValue.valid) {
                return {
                    valid: false,
                    mergeErrorPath: [index, ...sharedValue.mergeErrorPath],
                };
            }
            newArray.push(sharedValue.data);
        }
        return { valid: true, data: newArray };
    }
    return { valid: false, mergeErrorPath: [] };
}
function handleIntersectionResults(result, left, right) {
    // Track which side(s) reject each key. A key rejection is reported only when BOTH sides reject it, so a key owned by one branch survives the other's key schema. strictObject reports these as unrecognized_keys; a record with an open key schema reports one invalid_key per key.
    const unrecKeys = new Map();
    let unrecIssue;
    const keyIssues = new Map();
    const collect = (iss, side) => {
        let keys;
        if (iss.code === "unrecognized_keys" && !iss.path?.length) {
            unrecIssue ?? (unrecIssue = iss);
            keys = iss.keys;
        }
        else if (iss.code === "invalid_key" && iss.origin === "record" && iss.path?.length === 1) {
            const k = String(iss.path[0]);
            if (!keyIssues.has(k))
                keyIssues.set(k, iss);
            keys = [k];
        }
        else {
            return false;
        }
        for (const k of keys) {
            if (!unrecKeys.has(k))
                unrecKeys.set(k, {});
            unrecKeys.get(k)[side] = true;
        }
        return true;
    };
    for (const iss of left.issues) {
        if (!collect(iss, "l"))
            result.issues.push(iss);
    }
    for (const iss of right.issues) {
        if (!collect(iss, "r"))
            result.issues.push(iss);
    }
    // Report only keys rejected by BOTH sides
    const bothKeys = [...unrecKeys].filter(([, f]) => f.l && f.r).map(([k]) => k);
    if (bothKeys.length) {
        const aggregated = unrecIssue ? bothKeys.filter((k) => unrecIssue.keys.includes(k)) : [];
        if (aggregated.length)
            result.issues.push({ ...unrecIssue, keys: aggregated });
        for (const k of bothKeys) {
            if (!aggregated.includes(k) && keyIssues.has(k))
                result.issues.push(keyIssues.get(k));
        }
    }
    const merged = mergeValues(left.value, right.value);
    if (!merged.valid) {
        if (aborted(result))
            return result;
        throw new Error(`Unmergable intersection. Error path: ` + `${JSON.stringify(merged.mergeErrorPath)}`);
    }
    result.value = merged.data;
    return result;
}
const $ZodRecord = /*@__PURE__*/ $constructor("$ZodRecord", (inst, def) => {
    $ZodType.init(inst, def);
    const memo = globalConfig.memoizer;
    memo?.attach(inst);
    inst._zod.parse = (payload, ctx) => {
        const input = payload.value;
        if (!isPlainObject(input)) {
            payload.issues.push({
                expected: "record",
                code: "invalid_type",
                input,
                inst,
            });
            return payload;
        }
        // no guard in either loop below: a record's invalid_key aborts but an enclosing intersection can reconcile it, so a stopped loop hides keys the sibling does not own and the intersection then rejects nothing
        const proms = [];
        const values = def.keyType._zod.values;
        if (values && !def.partial) {
            payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
            const recordKeys = new Set();
            for (const key of values) {
                if (typeof key === "string" || typeof key === "number" || typeof key === "symbol") {
                    recordKeys.add(typeof key === "number" ? key.toString() : key);
                    // A declared __proto__ is stripped but is not an unrecognized key.
                    if (key === "__proto__")
                        continue;
                    const keyResult = def.keyType._zod.run({ value: key, issues: [] }, ctx);
                    if (keyResult instanceof Promise) {
                        throw new Error("Async schemas not supported in object keys currently");
                    }
                    if (keyResult.issues.length) {
                        payload.issues.push({
                            code: "invalid_key",
                            origin: "record",
                            issues: keyResult.issues.map((iss) => finalizeIssue(iss, ctx, config())),
                            input: key,
                            path: [key],
                            inst,
                        });
                        continue;
                    }
                    const outKey = keyResult.value;
                    if (outKey === "__proto__")
                        continue;
                    const result = def.valueType._zod.run({ value: input[key], issues: [] }, ctx);
                    if (result instanceof Promise) {
                        proms.push(result.then((result) => {
                            if (result.issues.length) {
                                payload.issues.push(...prefixIssues(key, result.issues));
                            }
                            payload.value[outKey] = result.value;
                        }));
                    }
                    else {
                        if (result.issues.length) {
                            payload.issues.push(...prefixIssues(key, result.issues));
                        }
                        payload.value[outKey] = result.value;
                    }
                }
            }
            let unrecognized;
            for (const key in input) {
                if (!recordKeys.has(key)) {
                    if (def.mode === "loose") {
                        // skip __proto__ so it can't replace the result prototype via the assignment setter on the plain {} we build into
                        if (key === "__proto__")
                            continue;
                        payload.value[key] = input[key];
                    }
                    else {
                        unrecognized = unrecognized ?? [];
                        unrecognized.push(key);
                    }
                }
            }
            if (unrecognized && unrecognized.length > 0) {
                payload.issues.push({
                    code: "unrecognized_keys",
                    input,
                    inst,
                    keys: unrecognized,
                    continue: true,
                });
            }
        }
        else {
            payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
            // An enumerable key schema declares which keys the record owns, so a key outside the set is unrecognized. A non-enumerable one (regex, refine) is a constraint every key must satisfy, so a failing key is invalid. Only the former is reconcilable against the other side of an intersection.
            let unrecognized;
            // Reflect.ownKeys for Symbol-key support; filter non-enumerable to match z.object()
            for (const key of Reflect.ownKeys(input)) {
                if (key === "__proto__")
                    continue;
                if (!Object.prototype.propertyIsEnumerable.call(input, key))
                    continue;
                let keyResult = def.keyType._zod.run({ value: key, issues: [] }, ctx);
                if (keyResult instanceof Promise) {
                    throw new Error("Async schemas not supported in object keys currently");
                }
                // Numeric string fallback: if key is a numeric string and failed, retry with Number(key). This handles z.number(), z.literal([1, 2, 3]), and unions containing numeric literals
                const checkNumericKey = typeof key === "string" && number$1.test(key) && keyResult.issues.length;
                if (checkNumericKey) {
                    const retryResult = def.keyType._zod.run({ value: Number(key), issues: [] }, ctx);
                    if (retryResult instanceof Promise) {
                        throw new Error("Async schemas not supported in object keys currently");
                    }
                    if (retryResult.issues.length === 0) {
                        keyResult = retryResult;
                    }
                }
                if (keyResult.issues.length) {
                    if (def.mode === "loose") {
                        // Pass through unchanged
                        payload.value[key] = input[key];
                    }
                    else if (values) {
                        unrecognized = unrecognized ?? [];
                        unrecognized.push(key);
                    }
                    else {
                        // Default "strict" behavior: error on invalid key
                        payload.issues.push({
                            code: "invalid_key",
                            origin: "record",
                            issues: keyResult.issues.map((iss) => finalizeIssue(iss, ctx, config())),
                            input: key,
                            path: [key],
                            inst,
                        });
                    }
                    continue;
                }
                // the guard above tests the raw input key, but the key schema can normalize an ordinary key into __proto__; re-check the key we actually write under
                const outKey = keyResult.value;
                if (outKey === "__proto__")
                    continue;
                const result = def.valueType._zod.run({ value: input[key], issues: [] }, ctx);
                if (result instanceof Promise) {
                    proms.push(result.then((result) => {
                        if (result.issues.length) {
                            payload.issues.push(...prefixIssues(key, result.issues));
                        }
                        payload.value[outKey] = result.value;
                    }));
                }
                else {
                    if (result.issues.length) {
                        payload.issues.push(...prefixIssues(key, result.issues));
                    }
                    payload.value[outKey] = result.value;
                }
            }
            if (unrecognized && unrecognized.length > 0) {
                payload.issues.push({
                    code: "unrecognized_keys",
                    input,
                    inst,
                    keys: unrecognized,
                    continue: true,
                });
            }
        }
        if (proms.length) {
            return Promise.all(proms).then(() => payload);
        }
        return payload;
    };
});
const $ZodEnum = /*@__PURE__*/ $constructor("$ZodEnum", (inst, def) => {
    $ZodType.init(inst, def);
    const values = getEnumValues(def.entries);
    const valuesSet = new Set(values);
    inst._zod.values = valuesSet;
    defineLazyInternal(inst, "pattern", (zod) => {
        const patternValues = getEnumValues(zod.def.entries).filter((k) => propertyKeyTypes.has(typeof k));
        // unmatchable fallback, RE2-safe: an empty alternation would compile to /^()$/, which matches ""
        return new RegExp(patternValues.length ? `^(${patternValues.map((o) => escapeRegex(o.toString())).join("|")})$` : "^[^\\s\\S]$");
    });
    inst._zod.parse = (payload, _ctx) => {
        const input = payload.value;
        if (valuesSet.has(input)) {
            return payload;
        }
        payload.issues.push({
            code: "invalid_value",
            values,
            input,
            inst,
        });
        return payload;
    };
});
const $ZodLiteral = /*@__PURE__*/ $constructor("$ZodLiteral", (inst, def) => {
    $ZodType.init(inst, def);
    const values = new Set(def.values);
    inst._zod.values = values;
    defineLazyInternal(inst, "pattern", (zod) => {
        const vals = zod.def.values;
        // unmatchable fallback, RE2-safe: an empty alternation would compile to /^()$/, which matches ""
        return new RegExp(vals.length
            ? `^(${vals
                .map((o) => typeof o === "string" ? escapeRegex(o) : o ? escapeRegex(o.toString()) : String(o))
                .join("|")})$`
            : "^[^\\s\\S]$");
    });
    inst._zod.parse = (payload, _ctx) => {
        const input = payload.value;
        if (values.has(input)) {
            return payload;
        }
        payload.issues.push({
            code: "invalid_value",
            values: def.values,
            input,
            inst,
        });
        return payload;
    };
});
const $ZodTransform = /*@__PURE__*/ $constructor("$ZodTransform", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.optin = "optional";
    globalConfig.memoizer?.guard(inst);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            throw new $ZodEncodeError(inst.constructor.name);
        }
        const _out = def.transform(payload.value, payload);
        if (ctx.async) {
            const output = _out instanceof Promise ? _out : Promise.resolve(_out);
            return output.then((output) => {
                payload.value = output;
                return payload;
            });
        }
        if (_out instanceof Promise) {
            throw new $ZodAsyncError();
        }
        payload.value = _out;
        return payload;
    };
});
function handleOptionalResult(payload, result) {
    // A substituting schema that still failed has no usable answer; yield undefined. Its issues are simply dropped: it ran on a payload of its own, so there is no shared array to truncate and nothing of the caller's to lose with it.
    payload.value = result.issues.length ? undefined : result.value;
    return payload;
}
const $ZodOptional = /*@__PURE__*/ $constructor("$ZodOptional", (inst, def) => {
    $ZodType.init(inst, def);
    // .optional() propagates absence rather than substituting for it, so a defaulted inner keeps its rung.
    defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin === "defaulted" ? "defaulted" : "optional");
    inst._zod.optout = "optional";
    defineLazyInternal(inst, "values", (zod) => {
        const values = zod.def.innerType._zod.values;
        return values ? new Set([...values, undefined]) : undefined;
    });
    defineLazyInternal(inst, "pattern", (zod) => {
        const pattern = zod.def.innerType._zod.pattern;
        return pattern ? new RegExp(`^(${cleanRegex(pattern.source)})?$`) : undefined;
    });
    inst._zod.parse = (payload, ctx) => {
        if (payload.value === undefined) {
            // Only the top rung substitutes a value for absence; everything else leaves it intact, which is what .optional() means.
            if (def.innerType._zod.optin !== "defaulted")
                return payload;
            // Its own payload, for the same reason $ZodCatch gets one: a pipe forwards an unrecognized key through the caller's issues array, and this must not read that as the substituting schema failing and drop it.
            const result = def.innerType._zod.run({ value: payload.value, issues: [] }, ctx);
            if (result instanceof Promise)
                return result.then((result) => handleOptionalResult(payload, result));
            return handleOptionalResult(payload, result);
        }
        return def.innerType._zod.run(payload, ctx);
    };
});
const $ZodExactOptional = /*@__PURE__*/ $constructor("$ZodExactOptional", (inst, def) => {
    // Call parent init - inherits optin/optout = "optional"
    $ZodOptional.init(inst, def);
    // Override values/pattern to NOT add undefined
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    defineLazyInternal(inst, "pattern", (zod) => zod.def.innerType._zod.pattern);
    // Override parse to just delegate (no undefined handling)
    inst._zod.parse = (payload, ctx) => {
        return def.innerType._zod.run(payload, ctx);
    };
});
const $ZodNullable = /*@__PURE__*/ $constructor("$ZodNullable", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin);
    defineLazyInternal(inst, "optout", (zod) => zod.def.innerType._zod.optout);
    defineLazyInternal(inst, "pattern", (zod) => {
        const pattern = zod.def.innerType._zod.pattern;
        return pattern ? new RegExp(`^(${cleanRegex(pattern.source)}|null)$`) : undefined;
    });
    defineLazyInternal(inst, "values", (zod) => {
        return zod.def.innerType._zod.values ? new Set([...zod.def.innerType._zod.values, null]) : undefined;
    });
    inst._zod.parse = (payload, ctx) => {
        // Forward direction (decode): allow null to pass through
        if (payload.value === null)
            return payload;
        return def.innerType._zod.run(payload, ctx);
    };
});
const $ZodDefault = /*@__PURE__*/ $constructor("$ZodDefault", (inst, def) => {
    $ZodType.init(inst, def);
    // inst._zod.qin = "true";
    inst._zod.optin = "defaulted";
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            return def.innerType._zod.run(payload, ctx);
        }
        // Forward direction (decode): apply defaults for undefined input
        if (payload.value === undefined) {
            payload.value = def.defaultValue;
            /**
             * $ZodDefault returns the default value immediately in forward direction.
             * It doesn't pass the default value into the validator ("prefault"). There's no reason to pass the default value through validation. The validity of the default is enforced by TypeScript statically. Otherwise, it's the responsibility of the user to ensure the default is valid. In the case of pipes with divergent in/out types, you can specify the default on the `in` schema of your ZodPipe to set a "prefault" for the pipe.   */
            return payload;
        }
        // Forward direction: continue with default handling
        const result = def.innerType._zod.run(payload, ctx);
        if (result instanceof Promise) {
            return result.then((result) => handleDefaultResult(result, def));
        }
        return handleDefaultResult(result, def);
    };
});
function handleDefaultResult(payload, def) {
    if (payload.value === undefined) {
        payload.value = def.defaultValue;
    }
    return payload;
}
const $ZodPrefault = /*@__PURE__*/ $constructor("$ZodPrefault", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.optin = "defaulted";
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            return def.innerType._zod.run(payload, ctx);
        }
        // Forward direction (decode): apply prefault for undefined input
        if (payload.value === undefined) {
            payload.value = def.defaultValue;
        }
        return def.innerType._zod.run(payload, ctx);
    };
});
const $ZodNonOptional = /*@__PURE__*/ $constructor("$ZodNonOptional", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "values", (zod) => {
        const v = zod.def.innerType._zod.values;
        return v ? new Set([...v].filter((x) => x !== undefined)) : undefined;
    });
    inst._zod.parse = (payload, ctx) => {
        const result = def.innerType._zod.run(payload, ctx);
        if (result instanceof Promise) {
            return result.then((result) => handleNonOptionalResult(result, inst));
        }
        return handleNonOptionalResult(result, inst);
    };
});
function handleNonOptionalResult(payload, inst) {
    if (!payload.issues.length && payload.value === undefined) {
        payload.issues.push({
            code: "invalid_type",
            expected: "nonoptional",
            input: payload.value,
            inst,
        });
    }
    return payload;
}
function handleCatchResult(payload, result, def, ctx) {
    if (!result.issues.length) {
        payload.value = result.value;
        // The value carries up, so the flag describing it has to carry with it: a back-edge into a node still being parsed must not be frozen by an enclosing readonly, and its checks belong to the node itself. Guarded so the ordinary case adds no own property.
        if (result.memo)
            payload.memo = true;
        return payload;
    }
    // Spread the inner's own payload, not ours: `value` has to stay the input the catch was handed, and the inner ran on a payload of its own so its issues are already private to this call.
    payload.value = def.catchValue({
        ...result,
        value: payload.value,
        error: {
            issues: result.issues.map((iss) => finalizeIssue(iss, ctx, config())),
        },
        input: payload.value,
    });
    return payload;
}
const $ZodCatch = /*@__PURE__*/ $constructor("$ZodCatch", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin === "defaulted" ? "defaulted" : "optional");
    defineLazyInternal(inst, "optout", (zod) => zod.def.innerType._zod.optout);
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            return def.innerType._zod.run(payload, ctx);
        }
        // Forward direction (decode): apply catch logic
        const result = def.innerType._zod.run({ value: payload.value, issues: [] }, ctx);
        if (result instanceof Promise) {
            return result.then((result) => handleCatchResult(payload, result, def, ctx));
        }
        return handleCatchResult(payload, result, def, ctx);
    };
});
const $ZodPipe = /*@__PURE__*/ $constructor("$ZodPipe", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "values", (zod) => zod.def.in._zod.values);
    defineLazyInternal(inst, "optin", (zod) => zod.def.in._zod.optin);
    defineLazyInternal(inst, "optout", (zod) => zod.def.out._zod.optout);
    defineLazyInternal(inst, "propValues", (zod) => zod.def.in._zod.propValues);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            const right = def.out._zod.run(payload, ctx);
            if (right instanceof Promise) {
                return right.then((right) => handlePipeResult(right, def.in, ctx));
            }
            return handlePipeResult(right, def.in, ctx);
        }
        const left = def.in._zod.run(payload, ctx);
        if (left instanceof Promise) {
            return left.then((left) => handlePipeResult(left, def.out, ctx));
        }
        return handlePipeResult(left, def.out, ctx);
    };
});
function handlePipeResult(left, next, ctx) {
    // Any issue stops the pipe, so a failing refinement never feeds its transform. An unrecognized key is the exception: it describes the input's extra properties, not the value being piped, and an enclosing intersection may yet reconcile it.
    if (left.issues.some((iss) => iss.code !== "unrecognized_keys")) {
        // prevent further checks
        left.aborted = true;
        return left;
    }
    return next._zod.run({ value: left.value, issues: left.issues }, ctx);
}
const $ZodReadonly = /*@__PURE__*/ $constructor("$ZodReadonly", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "propValues", (zod) => zod.def.innerType._zod.propValues);
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    defineLazyInternal(inst, "optin", (zod) => zod.def.innerType?._zod?.optin);
    defineLazyInternal(inst, "optout", (zod) => zod.def.innerType?._zod?.optout);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            return def.innerType._zod.run(payload, ctx);
        }
        const result = def.innerType._zod.run(payload, ctx);
        if (result instanceof Promise) {
            return result.then(handleReadonlyResult);
        }
        return handleReadonlyResult(result);
    };
});
function handleReadonlyResult(payload) {
    // A repeat visit hands back a node that is still being built; freezing it here would make the rest of its keys fail to assign.
    if (!payload.memo)
        payload.value = Object.freeze(payload.value);
    return payload;
}
const $ZodCustom = /*@__PURE__*/ $constructor("$ZodCustom", (inst, def) => {
    $ZodCheck.init(inst, def);
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, _) => {
        return payload;
    };
    inst._zod.check = (payload) => {
        const input = payload.value;
        const r = def.fn(input);
        if (r instanceof Promise) {
            return r.then((r) => handleRefineResult(r, payload, input, inst));
        }
        handleRefineResult(r, payload, input, inst);
        return;
    };
});
function handleRefineResult(result, payload, input, inst) {
    if (!result) {
        const _iss = {
            code: "custom",
            input,
            inst, // incorporates params.error into issue reporting
            path: [...(inst._zod.def.path ?? [])], // incorporates params.error into issue reporting
            continue: !inst._zod.def.abort,
            // params: inst._zod.def.params,
        };
        if (inst._zod.def.params)
            _iss.params = inst._zod.def.params;
        payload.issues.push(issue(_iss));
    }
}

class $ZodCyclicError extends Error {
    constructor() {
        super(`Cannot parse a reference cycle that closes through a transform`);
        this.name = "ZodCyclicError";
    }
}
/** Keyed off the context object every schema in one parse call already shares. */
const STATE = "~memo";
const NO_ISSUES = [];
// a value a cycle can close through
function isRef(value) {
    return value !== null && typeof value === "object";
}
// Receivers prefix paths in place, so the cache and every hand-out need their own copies.
function cloneIssues(issues) {
    return issues.map((iss) => (iss.path ? { ...iss, path: iss.path.slice() } : { ...iss }));
}
const recursive = /*@__PURE__*/ new WeakMap();
/** What the walk established, in order of certainty: ordered so the strongest answer among children wins. */
const NONE = 0;
const ASSUMED = 1;
const PROVEN = 2;
/** Whether this schema's subtree contains a cycle, so one parse can re-enter it. */
function isRecursive(inst, stack, resolve) {
    const cached = recursive.get(inst);
    if (cached !== undefined)
        return cached ? PROVEN : NONE;
    // Relative to the walk in progress, so not cached.
    if (stack.has(inst))
        return PROVEN;
    stack.add(inst);
    let result = NONE;
    const check = (child) => {
        if (result !== PROVEN && child?._zod) {
            const answer = isRecursive(child, stack);
            if (answer > result)
                result = answer;
        }
    };
    // `Reflect.ownKeys` rather than `Object.keys`, so a cycle through a declared symbol key is still seen
    const shape = (sh, spread) => {
        let answer = NONE;
        for (const key of Reflect.ownKeys(sh)) {
            const desc = Object.getOwnPropertyDescriptor(sh, key);
            // an object resolves its shape by spread, so a key it does not enumerate is never parsed; `z.properties` reads every own key and so keeps them all
            if (!desc.enumerable)
                continue;
            // resolving runs user code, and a factory mints a fresh subtree per read, so an edge the walk can't follow counts as a cycle
            const child = desc.get ? ASSUMED : desc.value?._zod ? isRecursive(desc.value, stack) : NONE;
            if (child > answer)
                answer = child;
        }
        return answer;
    };
    const merge = (answer) => {
        if (answer > result)
            result = answer;
    };
    const def = inst._zod.def;
    const kind = def.type;
    switch (kind) {
        case "object": {
            const raw = rawShape(def);
            // a def with no raw shape answers `shape` from an accessor of its own, and running that can mint a whole fresh subtree
            merge(raw ? shape(raw) : ASSUMED);
            check(def.catchall);
            break;
        }
        case "array":
            check(def.element);
            break;
        case "tuple":
            for (const el of def.items)
                check(el);
            check(def.rest);
            break;
        case "record":
        case "map":
            check(def.keyType);
            check(def.valueType);
            break;
        case "set":
            check(def.valueType);
            break;
        case "union":
            for (const el of def.options)
                check(el);
            break;
        case "intersection":
            check(def.left);
            check(def.right);
            break;
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "catch":
        case "readonly":
        case "nonoptional":
        case "promise":
        case "success":
            check(def.innerType);
            break;
        case "pipe":
            check(def.in);
            check(def.out);
            break;
        case "function":
            check(def.input);
            check(def.output);
            break;
        // `$ZodLazy` caches its inner on the def, so a resolved edge is followed exactly
        case "lazy": {
            const inner = def._cachedInner ?? (undefined);
            // walked with resolution off: one hop sees past the deferral, and a lazy that yields only another unresolved lazy is generative, so it stops there
            merge(inner ? isRecursive(inner, stack) : ASSUMED);
            break;
        }
        // a leaf by choice: `parts` are regex fragments, not data positions
        case "template_literal":
        // leaves
        case "string":
        case "number":
        case "int":
        case "boolean":
        case "bigint":
        case "symbol":
        case "undefined":
        case "null":
        case "void":
        case "never":
        case "any":
        case "unknown":
        case "date":
        case "nan":
        case "enum":
        case "literal":
        case "file":
        case "transform":
        case "custom":
            break;
        default: {
            // a user-defined kind can still hold children, and only its author knows where, so fall back to scanning the def — skipping accessors, since reading one can run user code
            for (const key in def) {
                const desc = Object.getOwnPropertyDescriptor(def, key);
                if (!desc || desc.get)
                    continue;
                const value = desc.value;
                if (!value || typeof value !== "object")
                    continue;
                if (value._zod)
                    check(value);
                else if (Array.isArray(value))
                    for (const el of value)
                        check(el);
            }
        }
    }
    stack.delete(inst);
    return settle(inst, result);
}
/** An assumed answer must not outlive the resolution that settles it, so only a certain one is cached. */
function settle(inst, answer) {
    if (answer !== ASSUMED)
        recursive.set(inst, answer === PROVEN);
    return answer;
}
function bucketFor(state, inst) {
    let bucket = state.buckets.get(inst);
    if (!bucket) {
        bucket = new WeakMap();
        state.buckets.set(inst, bucket);
    }
    return bucket;
}
// Set immediately before delegating to core and cleared immediately after, so `alloc` registers only for a visit this module is driving.
let handoff;
// Allocated but unfinished entries. `alloc` and the matching pop both happen in the synchronous part of a parse, so they nest even when children are async, and one stack serves every schema.
const open = [];
const memo = {
    alloc(_inst, payload, empty) {
        const bucket = handoff;
        if (!bucket)
            return empty;
        handoff = undefined;
        const entry = { value: empty, issues: null };
        bucket.set(payload.value, entry);
        open.push(entry);
        return empty;
    },
    guard(inst) {
        var _a;
        (_a = inst._zod).deferred ?? (_a.deferred = []);
        inst._zod.deferred.push(() => {
            const base = inst._zod.parse;
            const wrapped = (payload, ctx) => {
                // The value is a placeholder a back-edge is still waiting on, so the cycle closes through this transform. Its output can't exist in time to bind.
                if (ctx.direction !== "backward" && isBackEdge(ctx, payload.value))
                    throw new $ZodCyclicError();
                return base(payload, ctx);
            };
            inst._zod.parse = wrapped;
            if (inst._zod.run === base)
                inst._zod.run = wrapped;
        });
    },
    attach(inst) {
        var _a;
        let isRecursiveInst;
        let rechecked = false;
        // a recursive schema is re-entered many times per parse and its bucket never changes
        let lastCtx;
        let lastBucket;
        // Wraps `parse` in a deferred so it sees the container's final parse. Core's own deferred copies `parse` into `run` when there are no checks, and it ran first, so `run` is patched to match; with checks, `run` reads `parse` dynamically.
        (_a = inst._zod).deferred ?? (_a.deferred = []);
        inst._zod.deferred.push(() => {
            const base = inst._zod.parse;
            const wrapped = (payload, ctx) => {
                if (isRecursiveInst === undefined) {
                    const walked = isRecursive(inst, new Set());
                    if (walked === NONE) {
                        // Nothing here can ever fire, so take it back out.
                        inst._zod.parse = base;
                        if (inst._zod.run === wrapped)
                            inst._zod.run = base;
                        return base(payload, ctx);
                    }
                    // this parse resolves the deferred edges on its own path, so ask once more before latching
                    if (walked === PROVEN || rechecked)
                        isRecursiveInst = true;
                    else
                        rechecked = true;
                }
                const input = payload.value;
                if (!isRef(input))
                    return base(payload, ctx);
                let state = ctx[STATE];
                if (!state) {
                    state = { buckets: new WeakMap(), backEdges: undefined };
                    ctx[STATE] = state;
                }
                let bucket;
                if (lastCtx === ctx) {
                    bucket = lastBucket;
                }
                else {
                    bucket = bucketFor(state, inst);
                    lastCtx = ctx;
                    lastBucket = bucket;
                }
                const hit = bucket.get(input);
                if (hit) {
                    payload.value = hit.value;
                    if (hit.issues) {
                        if (hit.issues.length)
                            payload.issues.push(...cloneIssues(hit.issues));
                    }
                    else {
                        // Still being parsed: its own checks cover it, so skip them here.
                        payload.memo = true;
                        state.backEdges ?? (state.backEdges = new WeakSet());
                        state.backEdges.add(hit.value);
                    }
                    return payload;
                }
                handoff = bucket;
                const depth = open.length;
                const result = base(payload, ctx);
                handoff = undefined;
                // A container that rejected its input outright allocated nothing.
                const entry = open.length > depth ? open.pop() : undefined;
                // Both paths written out so the sync one allocates no closure. It runs once per node, and capturing here cost more than everything else combined.
                if (result instanceof Promise) {
                    return result.then((r) => {
                        if (entry)
                            entry.issues = r.issues.length ? cloneIssues(r.issues) : NO_ISSUES;
                        return r;
                    });
                }
                if (entry)
                    entry.issues = result.issues.length ? cloneIssues(result.issues) : NO_ISSUES;
                return result;
            };
            inst._zod.parse = wrapped;
            if (inst._zod.run === base)
                inst._zod.run = wrapped;
        });
    },
};
/** The memoizer that gives containers cycle support. `zod` installs it by default; `zod/mini` opts in with `config({ memoizer: memoizer() })`. */
function memoizer() {
    return memo;
}
/** Whether this value is a node a back-edge resolved to before it finished. */
function isBackEdge(ctx, value) {
    const backEdges = ctx[STATE]?.backEdges;
    return backEdges !== undefined && isRef(value) && backEdges.has(value);
}

const error = () => {
    const Sizable = {
        string: { unit: "characters", verb: "to have" },
        file: { unit: "bytes", verb: "to have" },
        array: { unit: "items", verb: "to have" },
        set: { unit: "items", verb: "to have" },
        map: { unit: "entries", verb: "to have" },
    };
    function getSizing(origin) {
        return Sizable[origin] ?? null;
    }
    const FormatDictionary = {
        regex: "input",
        email: "email address",
        url: "URL",
        emoji: "emoji",
        uuid: "UUID",
        uuidv4: "UUIDv4",
        uuidv6: "UUIDv6",
        nanoid: "nanoid",
        guid: "GUID",
        cuid: "cuid",
        cuid2: "cuid2",
        ulid: "ULID",
        xid: "XID",
        ksuid: "KSUID",
        datetime: "ISO datetime",
        date: "ISO date",
        time: "ISO time",
        duration: "ISO duration",
        ipv4: "IPv4 address",
        ipv6: "IPv6 address",
        mac: "MAC address",
        cidrv4: "IPv4 range",
        cidrv6: "IPv6 range",
        base64: "base64-encoded string",
        base64url: "base64url-encoded string",
        json_string: "JSON string",
        e164: "E.164 number",
        currency_code: "currency code",
        credit_card: "credit card number",
        iban: "IBAN",
        jwt: "JWT",
        template_literal: "input",
    };
    // type names: missing keys = do not translate (use raw value via ?? fallback)
    const TypeDictionary = {
        // Compatibility: "nan" -> "NaN" for display
        nan: "NaN",
        // All other type names omitted - they fall back to raw values via ?? operator
    };
    function getTypeName(type, input) {
        if (type === "number" && typeof input === "number" && !Number.isFinite(input)) {
            return String(input);
        }
        return TypeDictionary[type] ?? type;
    }
    return (issue) => {
        switch (issue.code) {
            case "invalid_type": {
                const expected = getTypeName(issue.expected);
                const receivedType = parsedType(issue.input);
                const received = getTypeName(receivedType, issue.input);
                return `Invalid input: expected ${expected}, received ${received}`;
            }
            case "invalid_value":
                if (issue.values.length === 1)
                    return `Invalid input: expected ${stringifyPrimitive(issue.values[0])}`;
                return `Invalid option: expected one of ${joinValues(issue.values, "|")}`;
            case "too_big": {
                const adj = issue.exact ? "exactly " : issue.inclusive ? "<=" : "<";
                const sizing = getSizing(issue.origin);
                if (sizing)
                    return `Too big: expected ${issue.origin ?? "value"} to have ${adj}${issue.maximum.toString()} ${sizing.unit ?? "elements"}`;
                return `Too big: expected ${issue.origin ?? "value"} to be ${adj}${issue.maximum.toString()}`;
            }
            case "too_small": {
                const adj = issue.exact ? "exactly " : issue.inclusive ? ">=" : ">";
                const sizing = getSizing(issue.origin);
                if (sizing) {
                    return `Too small: expected ${issue.origin} to have ${adj}${issue.minimum.toString()} ${sizing.unit}`;
                }
                return `Too small: expected ${issue.origin} to be ${adj}${issue.minimum.toString()}`;
            }
            case "invalid_format": {
                const _issue = issue;
                if (_issue.format === "starts_with") {
                    return `Invalid string: must start with "${_issue.prefix}"`;
                }
                if (_issue.format === "ends_with")
                    return `Invalid string: must end with "${_issue.suffix}"`;
                if (_issue.format === "includes")
                    return `Invalid string: must include "${_issue.includes}"`;
                if (_issue.format === "regex")
                    return `Invalid string: must match pattern ${_issue.pattern}`;
                return `Invalid ${FormatDictionary[_issue.format] ?? issue.format}`;
            }
            case "not_multiple_of":
                return `Invalid number: must be a multiple of ${issue.divisor}`;
            case "unrecognized_keys":
                return `Unrecognized key${issue.keys.length > 1 ? "s" : ""}: ${joinValues(issue.keys, ", ")}`;
            case "invalid_key":
                return `Invalid key in ${issue.origin}`;
            case "invalid_union":
                if (issue.options && Array.isArray(issue.options) && issue.options.length > 0) {
                    const opts = issue.options.map((o) => `'${o}'`).join(" | ");
                    return `Invalid discriminator value. Expected ${opts}`;
                }
                if (issue.inclusive === false) {
                    return "Invalid input: more than one option matched";
                }
                return "Invalid input";
            case "invalid_element":
                return `Invalid value in ${issue.origin}`;
            default:
                return `Invalid input`;
        }
    };
};
function en () {
    return {
        localeError: error(),
    };
}

var _a;
class $ZodRegistry {
    constructor() {
        this._map = new WeakMap();
        this._idmap = new Map();
    }
    add(schema, ..._meta) {
        const meta = _meta[0];
        this._map.set(schema, meta);
        if (meta && typeof meta === "object" && "id" in meta) {
            this._idmap.set(meta.id, schema);
        }
        return this;
    }
    clear() {
        this._map = new WeakMap();
        this._idmap = new Map();
        return this;
    }
    remove(schema) {
        const meta = this._map.get(schema);
        if (meta && typeof meta === "object" && "id" in meta) {
            this._idmap.delete(meta.id);
        }
        this._map.delete(schema);
        return this;
    }
    get(schema) {
        // return this._map.get(schema) as any;
        // inherit metadata
        const p = schema._zod.parent;
        if (p) {
            const pm = { ...(this.get(p) ?? {}) };
            delete pm.id; // do not inherit id
            const f = { ...pm, ...this._map.get(schema) };
            return Object.keys(f).length ? f : undefined;
        }
        return this._map.get(schema);
    }
    has(schema) {
        return this._map.has(schema);
    }
}
// registries
function registry() {
    return new $ZodRegistry();
}
(_a = globalThis).__zod_globalRegistry ?? (_a.__zod_globalRegistry = registry());
const globalRegistry = globalThis.__zod_globalRegistry;

function snapshotChecks(def) {
    if (def.checks)
        def.checks = [...def.checks];
    return def;
}
// @__NO_SIDE_EFFECTS__
function _string(Class, params) {
    return new Class(snapshotChecks({ type: "string", ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _email(Class, params) {
    return new Class({
        type: "string",
        format: "email",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _guid(Class, params) {
    return new Class({
        type: "string",
        format: "guid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uuid(Class, params) {
    return new Class({
        type: "string",
        format: "uuid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uuidv4(Class, params) {
    return new Class({
        type: "string",
        format: "uuid",
        check: "string_format",
        abort: false,
        version: "v4",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uuidv6(Class, params) {
    return new Class({
        type: "string",
        format: "uuid",
        check: "string_format",
        abort: false,
        version: "v6",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uuidv7(Class, params) {
    return new Class({
        type: "string",
        format: "uuid",
        check: "string_format",
        abort: false,
        version: "v7",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _url(Class, params) {
    return new Class({
        type: "string",
        format: "url",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _emoji(Class, params) {
    return new Class({
        type: "string",
        format: "emoji",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _nanoid(Class, params) {
    return new Class({
        type: "string",
        format: "nanoid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link _cuid2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
// @__NO_SIDE_EFFECTS__
function _cuid(Class, params) {
    return new Class({
        type: "string",
        format: "cuid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _cuid2(Class, params) {
    return new Class({
        type: "string",
        format: "cuid2",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _ulid(Class, params) {
    return new Class({
        type: "string",
        format: "ulid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _xid(Class, params) {
    return new Class({
        type: "string",
        format: "xid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _ksuid(Class, params) {
    return new Class({
        type: "string",
        format: "ksuid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _ipv4(Class, params) {
    return new Class({
        type: "string",
        format: "ipv4",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _ipv6(Class, params) {
    return new Class({
        type: "string",
        format: "ipv6",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _cidrv4(Class, params) {
    return new Class({
        type: "string",
        format: "cidrv4",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _cidrv6(Class, params) {
    return new Class({
        type: "string",
        format: "cidrv6",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _base64(Class, params) {
    return new Class({
        type: "string",
        format: "base64",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _base64url(Class, params) {
    return new Class({
        type: "string",
        format: "base64url",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _e164(Class, params) {
    return new Class({
        type: "string",
        format: "e164",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _jwt(Class, params) {
    return new Class({
        type: "string",
        format: "jwt",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _isoDateTime(Class, params) {
    return new Class({
        type: "string",
        format: "datetime",
        check: "string_format",
        offset: false,
        local: false,
        precision: null,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _isoDate(Class, params) {
    return new Class({
        type: "string",
        format: "date",
        check: "string_format",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _isoTime(Class, params) {
    return new Class({
        type: "string",
        format: "time",
        check: "string_format",
        precision: null,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _isoDuration(Class, params) {
    return new Class({
        type: "string",
        format: "duration",
        check: "string_format",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _number(Class, params) {
    return new Class(snapshotChecks({ type: "number", checks: [], ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _int(Class, params) {
    return new Class({
        type: "number",
        check: "number_format",
        abort: false,
        format: "safeint",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _boolean(Class, params) {
    return new Class({
        type: "boolean",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _unknown(Class) {
    return new Class({
        type: "unknown",
    });
}
// @__NO_SIDE_EFFECTS__
function _never(Class, params) {
    return new Class({
        type: "never",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _lt(value, params) {
    return new $ZodCheckLessThan({
        check: "less_than",
        ...normalizeParams(params),
        value,
        inclusive: false,
    });
}
// @__NO_SIDE_EFFECTS__
function _lte(value, params) {
    return new $ZodCheckLessThan({
        check: "less_than",
        ...normalizeParams(params),
        value,
        inclusive: true,
    });
}
// @__NO_SIDE_EFFECTS__
function _gt(value, params) {
    return new $ZodCheckGreaterThan({
        check: "greater_than",
        ...normalizeParams(params),
        value,
        inclusive: false,
    });
}
// @__NO_SIDE_EFFECTS__
function _gte(value, params) {
    return new $ZodCheckGreaterThan({
        check: "greater_than",
        ...normalizeParams(params),
        value,
        inclusive: true,
    });
}
// @__NO_SIDE_EFFECTS__
function _multipleOf(value, params) {
    return new $ZodCheckMultipleOf({
        check: "multiple_of",
        ...normalizeParams(params),
        value,
    });
}
// @__NO_SIDE_EFFECTS__
function _maxLength(maximum, params) {
    const ch = new $ZodCheckMaxLength({
        check: "max_length",
        ...normalizeParams(params),
        maximum,
    });
    return ch;
}
// @__NO_SIDE_EFFECTS__
function _minLength(minimum, params) {
    return new $ZodCheckMinLength({
        check: "min_length",
        ...normalizeParams(params),
        minimum,
    });
}
// @__NO_SIDE_EFFECTS__
function _length(length, params) {
    return new $ZodCheckLengthEquals({
        check: "length_equals",
        ...normalizeParams(params),
        length,
    });
}
// @__NO_SIDE_EFFECTS__
function _regex(pattern, params) {
    return new $ZodCheckRegex({
        check: "string_format",
        format: "regex",
        ...normalizeParams(params),
        pattern,
    });
}
// @__NO_SIDE_EFFECTS__
function _lowercase(params) {
    return new $ZodCheckLowerCase({
        check: "string_format",
        format: "lowercase",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uppercase(params) {
    return new $ZodCheckUpperCase({
        check: "string_format",
        format: "uppercase",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _includes(includes, params) {
    return new $ZodCheckIncludes({
        check: "string_format",
        format: "includes",
        ...normalizeParams(params),
        includes,
    });
}
// @__NO_SIDE_EFFECTS__
function _startsWith(prefix, params) {
    return new $ZodCheckStartsWith({
        check: "string_format",
        format: "starts_with",
        ...normalizeParams(params),
        prefix,
    });
}
// @__NO_SIDE_EFFECTS__
function _endsWith(suffix, params) {
    return new $ZodCheckEndsWith({
        check: "string_format",
        format: "ends_with",
        ...normalizeParams(params),
        suffix,
    });
}
// @__NO_SIDE_EFFECTS__
function _overwrite(tx) {
    return new $ZodCheckOverwrite({
        check: "overwrite",
        tx,
    });
}
// normalize
// @__NO_SIDE_EFFECTS__
function _normalize(form) {
    return _overwrite((input) => input.normalize(form));
}
// trim
// @__NO_SIDE_EFFECTS__
function _trim() {
    return _overwrite((input) => input.trim());
}
// toLowerCase
// @__NO_SIDE_EFFECTS__
function _toLowerCase() {
    return _overwrite((input) => input.toLowerCase());
}
// toUpperCase
// @__NO_SIDE_EFFECTS__
function _toUpperCase() {
    return _overwrite((input) => input.toUpperCase());
}
// slugify
// @__NO_SIDE_EFFECTS__
function _slugify() {
    return _overwrite((input) => slugify(input));
}
// @__NO_SIDE_EFFECTS__
function _array(Class, element, params) {
    return new Class({
        type: "array",
        element,
        // get element() {
        //   return element;
        // },
        ...normalizeParams(params),
    });
}
// same as _custom but defaults to abort:false
// @__NO_SIDE_EFFECTS__
function _refine(Class, fn, _params) {
    const schema = new Class({
        type: "custom",
        check: "custom",
        fn: fn,
        ...normalizeParams(_params),
    });
    return schema;
}
// @__NO_SIDE_EFFECTS__
function _superRefine(fn, params) {
    const ch = _check((payload) => {
        payload.addIssue = (issue$1) => {
            if (typeof issue$1 === "string") {
                payload.issues.push(issue(issue$1, payload.value, ch._zod.def));
            }
            else {
                // for Zod 3 backwards compatibility
                const _issue = issue$1;
                if (_issue.fatal)
                    _issue.continue = false;
                _issue.code ?? (_issue.code = "custom");
                if (!("input" in _issue))
                    _issue.input = payload.value;
                _issue.inst ?? (_issue.inst = ch);
                _issue.continue ?? (_issue.continue = !ch._zod.def.abort); // abort is always undefined, so this is always true...
                payload.issues.push(issue(_issue));
            }
        };
        return fn(payload.value, payload);
    }, params);
    return ch;
}
// @__NO_SIDE_EFFECTS__
function _check(fn, params) {
    const ch = new $ZodCheck({
        check: "custom",
        ...normalizeParams(params),
    });
    ch._zod.check = fn;
    return ch;
}

function assignProps(target, ...sources) {
    for (const source of sources) {
        for (const key of Reflect.ownKeys(source)) {
            if (Object.prototype.propertyIsEnumerable.call(source, key)) {
                assignProp(target, key, source[key]);
            }
        }
    }
    return target;
}
// function initializeContext<T extends schemas.$ZodType>(inputs: JSONSchemaGeneratorParams<T>): ToJSONSchemaContext<T> {
//   return {
//     processor: inputs.processor,
//     metadataRegistry: inputs.metadata ?? globalRegistry,
//     target: inputs.target ?? "draft-2020-12",
//     unrepresentable: inputs.unrepresentable ?? "throw",
//   };
// }
function initializeContext(params) {
    // Normalize target: convert old non-hyphenated versions to hyphenated versions
    let target = params?.target ?? "draft-2020-12";
    if (target === "draft-4")
        target = "draft-04";
    if (target === "draft-7")
        target = "draft-07";
    return {
        processors: params.processors ?? {},
        metadataRegistry: params?.metadata ?? globalRegistry,
        target,
        unrepresentable: params?.unrepresentable ?? "throw",
        override: params?.override ?? (() => { }),
        io: params?.io ?? "output",
        counter: 0,
        seen: new Map(),
        sharedDefsExtractedFor: undefined,
        sharedEmitDoneFor: undefined,
        cycles: params?.cycles ?? "ref",
        reused: params?.reused ?? "inline",
        intersections: [],
        deferred: [],
        external: params?.external ?? undefined,
    };
}
/**
 * Applies the `unrepresentable` setting at a site that has no JSON Schema equivalent. Throws
 * `message` unless the setting (or the handler's return value) says otherwise. Returns `true` if a
 * custom JSON Schema was written into `json`, in which case the caller must not write its own.
 */
function handleUnrepresentable(schema, ctx, json, params, message) {
    const result = typeof ctx.unrepresentable === "function"
        ? ctx.unrepresentable({ zodSchema: schema, path: params.path, message })
        : ctx.unrepresentable;
    if (result === "any")
        return false;
    if (result === undefined || result === "throw")
        throw new Error(message);
    Object.assign(json, result);
    return true;
}
// never rename this back to `process`: bundler polyfills inject a top-level `const process` that a lexical declaration of the same name collides with (#6397)
function processSchema(schema, ctx, _params = { path: [], schemaPath: [] }) {
    var _a;
    const def = schema._zod.def;
    // check for schema in seens
    const seen = ctx.seen.get(schema);
    if (seen) {
        seen.count++;
        // check if cycle
        const isCycle = _params.schemaPath.includes(schema);
        if (isCycle) {
            seen.cycle = _params.path;
        }
        return seen.schema;
    }
    // initialize
    const result = { schema: {}, count: 1, cycle: undefined, path: _params.path };
    ctx.seen.set(schema, result);
    ctx.sharedDefsExtractedFor = undefined;
    ctx.sharedEmitDoneFor = undefined;
    // custom method overrides default behavior
    const overrideSchema = schema._zod.toJSONSchema?.();
    if (overrideSchema) {
        result.schema = overrideSchema;
    }
    else {
        const params = {
            ..._params,
            schemaPath: [..._params.schemaPath, schema],
            path: _params.path,
        };
        if (schema._zod.processJSONSchema) {
            schema._zod.processJSONSchema(ctx, result.schema, params);
        }
        else {
            const _json = result.schema;
            const processor = ctx.processors[def.type];
            if (!processor) {
                throw new Error(`[toJSONSchema]: Non-representable type encountered: ${def.type}`);
            }
            processor(schema, ctx, _json, params);
        }
        const parent = schema._zod.parent;
        if (parent) {
            // Also set ref if processor didn't (for inheritance)
            if (!result.ref)
                result.ref = parent;
            processSchema(parent, ctx, params);
            ctx.seen.get(parent).isParent = true;
        }
    }
    // metadata
    const meta = ctx.metadataRegistry.get(schema);
    if (meta)
        assignProps(result.schema, meta);
    if (ctx.io === "input" && isTransforming(schema)) {
        // examples/defaults only apply to output type of pipe
        delete result.schema.examples;
        delete result.schema.default;
    }
    // set prefault as default
    if (ctx.io === "input" && "_prefault" in result.schema)
        (_a = result.schema).default ?? (_a.default = result.schema._prefault);
    delete result.schema._prefault;
    // pulling fresh from ctx.seen in case it was overwritten
    const _result = ctx.seen.get(schema);
    return _result.schema;
}
// Escape a reference token for use in a JSON Pointer fragment (RFC 6901): `~` becomes `~0` and `/` becomes `~1`. The `~` replacement must run first.
function encodeJSONPointerSegment(segment) {
    return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
function extractDefs(ctx, schema
// params: EmitParams
) {
    // iterate over seen map;
    const root = ctx.seen.get(schema);
    if (!root)
        throw new Error("Unprocessed schema. This is a bug in Zod.");
    // With `external` set, every registered schema resolves through the external branch of `makeURI`, so the root branch below produces the same ref the external branch would — this pass is identical whichever schema it is called with, and only needs to run once.
    if (ctx.external && ctx.sharedDefsExtractedFor === ctx.external)
        return;
    // Track ids to detect duplicates across different schemas
    const idToSchema = new Map();
    for (const entry of ctx.seen.entries()) {
        const id = ctx.metadataRegistry.get(entry[0])?.id;
        if (id) {
            const existing = idToSchema.get(id);
            if (existing && existing !== entry[0]) {
                throw new Error(`Duplicate schema id "${id}" detected during JSON Schema conversion. Two different schemas cannot share the same id when converted together.`);
            }
            idToSchema.set(id, entry[0]);
        }
    }
    // returns a ref to the schema defId will be empty if the ref points to an external schema (or #)
    const makeURI = (entry) => {
        // comparing the seen objects because sometimes multiple schemas map to the same seen object. e.g. lazy
        // external is configured
        const defsSegment = ctx.target === "draft-2020-12" ? "$defs" : "definitions";
        if (ctx.external) {
            const externalId = ctx.external.registry.get(entry[0])?.id; // ?? "__shared";// `__schema${ctx.counter++}`;
            // check if schema is in the external registry
            const uriGenerator = ctx.external.uri ?? ((id) => id);
            if (externalId) {
                return { ref: uriGenerator(externalId) };
            }
            // otherwise, add to __shared
            const id = entry[1].defId ?? entry[1].schema.id ?? `schema${ctx.counter++}`;
            entry[1].defId = id; // set defId so it will be reused if needed
            return { defId: id, ref: `${uriGenerator("__shared")}#/${defsSegment}/${encodeJSONPointerSegment(id)}` };
        }
        const uriPrefix = `#`;
        const defUriPrefix = `${uriPrefix}/${defsSegment}/`;
        // an id-less root has nowhere to be extracted to, so it stays inline and self-references as `#`
        if (entry[1] === root && !entry[1].schema.id) {
            return { ref: uriPrefix };
        }
        // self-contained schema
        const defId = entry[1].schema.id ?? `__schema${ctx.counter++}`;
        return { defId, ref: defUriPrefix + encodeJSONPointerSegment(defId) };
    };
    // stored cached version in `def` property remove all properties, set $ref
    const extractToDef = (entry) => {
        // if the schema is already a reference, do not extract it
        if (entry[1].schema.$ref) {
            return;
        }
        const seen = entry[1];
        const { ref, defId } = makeURI(entry);
        seen.def = { ...seen.schema };
        // defId won't be set if the schema is a reference to an external schema or if the schema is the root schema
        if (defId)
            seen.defId = defId;
        // wipe away all properties except $ref
        const schema = seen.schema;
        for (const key in schema) {
            delete schema[key];
        }
        schema.$ref = ref;
    };
    // throw on cycles
    // break cycles
    if (ctx.cycles === "throw") {
        for (const entry of ctx.seen.entries()) {
            const seen = entry[1];
            if (seen.cycle) {
                throw new Error("Cycle detected: " +
                    `#/${seen.cycle?.join("/")}/<root>` +
                    '\n\nSet the `cycles` parameter to `"ref"` to resolve cyclical schemas with defs.');
            }
        }
    }
    // extract schemas into $defs
    for (const entry of ctx.seen.entries()) {
        const seen = entry[1];
        // convert root schema to # $ref
        if (schema === entry[0]) {
            extractToDef(entry); // this has special handling for the root schema
            continue;
        }
        // extract schemas that are in the external registry
        if (ctx.external) {
            const ext = ctx.external.registry.get(entry[0])?.id;
            if (schema !== entry[0] && ext) {
                extractToDef(entry);
                continue;
            }
        }
        // extract schemas with `id` meta
        const id = ctx.metadataRegistry.get(entry[0])?.id;
        if (id) {
            extractToDef(entry);
            continue;
        }
        // break cycles
        if (seen.cycle) {
            // any
            extractToDef(entry);
            continue;
        }
        // extract reused schemas
        if (seen.count > 1) {
            if (ctx.reused === "ref") {
                extractToDef(entry);
            }
        }
    }
    if (ctx.external)
        ctx.sharedDefsExtractedFor = ctx.external;
}
/** Rewrites `anyOf: [{type: "a"}, {type: "b"}]` to `type: ["a", "b"]`, which every JSON Schema draft treats as equivalent and most consumers render far better for the nullable case. Only branches that are a bare type assertion qualify — anything carrying a constraint, `$ref`, `const` or metadata is left alone. Runs after `flattenRef`, so a branch an override decorated or `$defs` extraction turned into a `$ref` is no longer bare and correctly stays in `anyOf`. `oneOf` is excluded: `integer` and `number` overlap, so "exactly one" and "at least one" are not the same there. OpenAPI 3.0 is excluded: its `type` must be a single string. */
function compactTypeUnion(schema) {
    const options = schema.anyOf;
    if (!Array.isArray(options) || options.length === 0 || schema.type !== undefined)
        return;
    const types = [];
    for (const option of options) {
        if (!option || typeof option !== "object")
            return;
        // A branch that is itself a compactible union folds into this one — nested `anyOf` and a flat `type` array say the same thing. Compacting it first also makes the result independent of the order this pass walks the seen map in.
        compactTypeUnion(option);
        const keys = Object.keys(option);
        if (keys.length !== 1 || keys[0] !== "type")
            return;
        const type = option.type;
        for (const member of Array.isArray(type) ? type : [type]) {
            if (typeof member !== "string")
                return;
            if (!types.includes(member))
                types.push(member);
        }
    }
    delete schema.anyOf;
    // A `type` array must be non-empty and unique (metaschema); a single member is spelled as a bare string.
    schema.type = types.length === 1 ? types[0] : types;
}
/** Keywords `foldIntersection` knows how to combine. Anything else — `$ref`, `patternProperties`,
 * an annotation like `description` — makes a member unfoldable, so a constraint this does not
 * understand leaves the `allOf` alone instead of being silently dropped or misattributed. */
const FOLDABLE_KEYS = new Set(["type", "properties", "required", "additionalProperties"]);
const UNION_KEYS = ["oneOf", "anyOf"];
/** A member's constraint on a key it does not declare itself. A `catchall` states one; `false`, an absent `additionalProperties`, and the empty schema a loose object emits state nothing. */
function undeclaredConstraint(member) {
    const extra = member.additionalProperties;
    if (extra === undefined || extra === false || typeof extra !== "object" || extra === null)
        return null;
    return Object.keys(extra).length ? extra : null;
}
/** Combines object members into the single object they describe together, or returns `null` if any of them carries a keyword outside {@link FOLDABLE_KEYS}. */
function foldObjects(members) {
    const objects = [];
    for (const member of members) {
        // A boolean subschema is legal JSON Schema and carries no keywords to fold.
        if (typeof member !== "object" || member.type !== "object")
            return null;
        for (const key in member) {
            if (!FOLDABLE_KEYS.has(key))
                return null;
        }
        objects.push(member);
    }
    const properties = {};
    const required = new Set();
    for (const object of objects) {
        for (const key in object.properties) {
            // `in` would report a `__proto__` key as already present via the prototype chain and skip it.
            if (Object.prototype.hasOwnProperty.call(properties, key))
                continue;
            // Every member constrains this key: the ones that declare it say how, and a `catchall` member constrains it too even though it does not name it. The key has to satisfy all of them, which is the same intersection one level down.
            const parts = [];
            for (const other of objects) {
                const part = other.properties?.[key] ?? undeclaredConstraint(other);
                if (part === null || part === undefined)
                    continue;
                if (!parts.some((seen) => JSON.stringify(seen) === JSON.stringify(part)))
                    parts.push(part);
            }
            const merged = parts.length === 1
                ? parts[0]
                : (foldObjects(parts) ?? { allOf: parts });
            assignProp(properties, key, merged);
        }
        for (const key of object.required ?? [])
            required.add(key);
    }
    const folded = { type: "object", properties };
    if (required.size)
        folded.required = [...required];
    // A key no member declares is rejected only when every member rejects it, so the fold is closed only when every member is. Otherwise it carries whatever the `catchall` members demand of such a key.
    if (objects.every((object) => object.additionalProperties === false)) {
        folded.additionalProperties = false;
    }
    else {
        const constraints = [];
        for (const object of objects) {
            const constraint = undeclaredConstraint(object);
            if (constraint && !constraints.some((seen) => JSON.stringify(seen) === JSON.stringify(constraint)))
                constraints.push(constraint);
        }
        if (constraints.length === 1)
            folded.additionalProperties = constraints[0];
        else if (constraints.length > 1)
            folded.additionalProperties = { allOf: constraints };
    }
    return folded;
}
/** `additionalProperties` in an `allOf` member sees only that member's own `properties`, so two
 * closed object members reject each other's keys and the schema validates nothing. Zod's parser
 * pools the key sets instead — `handleIntersectionResults` reports a key as unrecognized only when
 * *every* side rejects it — so the emitted schema has to pool them too, and folding the members
 * into one object is the encoding that says so on every target.
 *
 * This runs from `finalize`, after `extractDefs`, which is what keeps it clear of the `$ref`
 * machinery: a member extracted into `$defs` is already a `$ref` by now and declines to fold, so it
 * keeps its reference and its own closedness rather than being inlined as a stale copy. */
function foldIntersection(json) {
    const allOf = json.allOf;
    if (!Array.isArray(allOf) || allOf.length < 2)
        return;
    // An `override` runs before this pass and may have written object keywords onto the intersection itself. Those are deliberate, so decline rather than overwrite them.
    for (const key of FOLDABLE_KEYS)
        if (key in json)
            return;
    // An intersection distributes over a union: `A & (X | Y)` is `(A & X) | (A & Y)`. Only the first union is distributed over; a second one stays among the members every branch folds against, where it fails the object check and declines the whole intersection rather than multiplying out.
    const unions = allOf.filter((m) => UNION_KEYS.some((k) => Array.isArray(m[k])));
    let folded = null;
    if (!unions.length) {
        folded = foldObjects(allOf);
    }
    else {
        const union = unions[0];
        const keyword = UNION_KEYS.find((k) => Array.isArray(union[k]));
        if (Object.keys(union).length !== 1)
            return;
        const rest = allOf.filter((m) => m !== union);
        const branches = union[keyword].map((branch) => foldObjects([...rest, branch]));
        if (branches.some((b) => !b))
            return;
        folded = { [keyword]: branches };
    }
    if (!folded)
        return;
    delete json.allOf;
    assignProps(json, folded);
}
function finalize(ctx, schema) {
    const root = ctx.seen.get(schema);
    if (!root)
        throw new Error("Unprocessed schema. This is a bug in Zod.");
    // flatten refs - inherit properties from parent schemas
    const flattenRef = (zodSchema) => {
        const seen = ctx.seen.get(zodSchema);
        // already processed
        if (seen.ref === null)
            return;
        const schema = seen.def ?? seen.schema;
        const _cached = { ...schema };
        const ref = seen.ref;
        seen.ref = null; // prevent infinite recursion
        if (ref) {
            flattenRef(ref);
            const refSeen = ctx.seen.get(ref);
            const refSchema = refSeen.schema;
            // merge referenced schema into current
            if (refSchema.$ref && (ctx.target === "draft-07" || ctx.target === "draft-04" || ctx.target === "openapi-3.0")) {
                // older drafts can't combine $ref with other properties
                schema.allOf = schema.allOf ?? [];
                schema.allOf.push(refSchema);
            }
            else {
                assignProps(schema, refSchema);
            }
            // restore child's own properties (child wins)
            assignProps(schema, _cached);
            const isParentRef = zodSchema._zod.parent === ref;
            // For parent chain, child is a refinement - remove parent-only properties
            if (isParentRef) {
                for (const key in schema) {
                    if (key === "$ref" || key === "allOf")
                        continue;
                    if (!(key in _cached)) {
                        delete schema[key];
                    }
                }
            }
            // When ref was extracted to $defs, remove properties that match the definition
            if (refSchema.$ref && refSeen.def) {
                for (const key in schema) {
                    if (key === "$ref" || key === "allOf")
                        continue;
                    if (key in refSeen.def && JSON.stringify(schema[key]) === JSON.stringify(refSeen.def[key])) {
                        delete schema[key];
                    }
                }
            }
        }
        // If parent was extracted (has $ref), propagate $ref to this schema. This handles cases like: readonly().meta({id}).describe() where processor sets ref to innerType but parent should be referenced
        const parent = zodSchema._zod.parent;
        if (parent && parent !== ref) {
            // Ensure parent is processed first so its def has inherited properties
            flattenRef(parent);
            const parentSeen = ctx.seen.get(parent);
            if (parentSeen?.schema.$ref) {
                schema.$ref = parentSeen.schema.$ref;
                // De-duplicate with parent's definition
                if (parentSeen.def) {
                    for (const key in schema) {
                        if (key === "$ref" || key === "allOf")
                            continue;
                        if (key in parentSeen.def && JSON.stringify(schema[key]) === JSON.stringify(parentSeen.def[key])) {
                            delete schema[key];
                        }
                    }
                }
            }
        }
        // execute overrides
        ctx.override({
            zodSchema: zodSchema,
            jsonSchema: schema,
            path: seen.path ?? [],
        });
    };
    // Flattening walks the whole map and clears each `ref` as it goes, so a second call over the same map is a no-op scan. Skip it outright once it has run for a registry conversion.
    if (!ctx.external || ctx.sharedEmitDoneFor !== ctx.external) {
        for (const entry of [...ctx.seen.entries()].reverse()) {
            flattenRef(entry[0]);
        }
        if (ctx.target !== "openapi-3.0") {
            for (const entry of ctx.seen.entries()) {
                compactTypeUnion(entry[1].def ?? entry[1].schema);
            }
        }
        for (const rewrite of ctx.deferred)
            rewrite();
        // After flattening, every member that was extracted is a `$ref`, so the fold sees the final shape. A schema that inherits an intersection — through `z.lazy`, or any `ref` chain — holds the same `allOf` array, so fold by array identity to catch every copy.
        if (ctx.intersections.length) {
            const carriers = new Map();
            for (const seen of ctx.seen.values()) {
                for (const json of [seen.schema, seen.def]) {
                    const allOf = json?.allOf;
                    if (!Array.isArray(allOf))
                        continue;
                    const existing = carriers.get(allOf);
                    if (existing)
                        existing.push(json);
                    else
                        carriers.set(allOf, [json]);
                }
            }
            for (const allOf of ctx.intersections) {
                for (const json of carriers.get(allOf) ?? [])
                    foldIntersection(json);
            }
        }
    }
    const result = {};
    if (ctx.target === "draft-2020-12") {
        result.$schema = "https://json-schema.org/draft/2020-12/schema";
    }
    else if (ctx.target === "draft-07") {
        result.$schema = "http://json-schema.org/draft-07/schema#";
    }
    else if (ctx.target === "draft-04") {
        result.$schema = "http://json-schema.org/draft-04/schema#";
    }
    else if (ctx.target === "openapi-3.0") ;
    else ;
    if (ctx.external?.uri) {
        const id = ctx.external.registry.get(schema)?.id;
        if (!id)
            throw new Error("Schema is missing an `id` property");
        result.$id = ctx.external.uri(id);
    }
    // when the root was extracted into $defs, `root.schema` is the `$ref` wrapper and `root.def` is the body that now lives under $defs
    assignProps(result, root.defId ? root.schema : (root.def ?? root.schema));
    // The `id` in `.meta()` is a Zod-specific registration tag used to extract schemas into $defs — it is not user-facing JSON Schema metadata. Strip it from the output body where it would otherwise leak. The id is preserved implicitly via the $defs key (and via $ref paths).
    const rootMetaId = ctx.metadataRegistry.get(schema)?.id;
    if (rootMetaId !== undefined && result.id === rootMetaId)
        delete result.id;
    // build defs object. With `external`, `defs` is the shared object every schema writes into, so the same entries are reassigned on every call. Without it, `defs` is fresh per call and must be rebuilt.
    const defs = ctx.external?.defs ?? {};
    if (!ctx.external || ctx.sharedEmitDoneFor !== ctx.external) {
        for (const entry of ctx.seen.entries()) {
            const seen = entry[1];
            if (seen.def && seen.defId) {
                if (seen.def.id === seen.defId)
                    delete seen.def.id;
                assignProp(defs, seen.defId, seen.def);
            }
        }
    }
    if (ctx.external)
        ctx.sharedEmitDoneFor = ctx.external;
    // set definitions in result
    if (ctx.external) ;
    else {
        if (Object.keys(defs).length > 0) {
            if (ctx.target === "draft-2020-12") {
                result.$defs = defs;
            }
            else {
                result.definitions = defs;
            }
        }
    }
    try {
        // this "finalizes" this schema and ensures all cycles are removed each call to finalize() is functionally independent though the seen map is shared
        const finalized = JSON.parse(JSON.stringify(result));
        Object.defineProperty(finalized, "~standard", {
            value: {
                ...schema["~standard"],
                jsonSchema: {
                    input: createStandardJSONSchemaMethod(schema, "input", ctx.processors),
                    output: createStandardJSONSchemaMethod(schema, "output", ctx.processors),
                },
            },
            enumerable: false,
            writable: false,
        });
        return finalized;
    }
    catch (_err) {
        throw new Error("Error converting schema to JSON.");
    }
}
function isTransforming(_schema, _ctx) {
    const ctx = _ctx ?? { seen: new Set() };
    if (ctx.seen.has(_schema))
        return false;
    ctx.seen.add(_schema);
    const def = _schema._zod.def;
    if (def.type === "transform")
        return true;
    if (def.type === "array")
        return isTransforming(def.element, ctx);
    if (def.type === "set")
        return isTransforming(def.valueType, ctx);
    if (def.type === "lazy")
        return isTransforming(def.getter(), ctx);
    if (def.type === "promise" ||
        def.type === "optional" ||
        def.type === "nonoptional" ||
        def.type === "nullable" ||
        def.type === "readonly" ||
        def.type === "default" ||
        def.type === "prefault" ||
        def.type === "catch") {
        return isTransforming(def.innerType, ctx);
    }
    if (def.type === "intersection") {
        return isTransforming(def.left, ctx) || isTransforming(def.right, ctx);
    }
    if (def.type === "record" || def.type === "map") {
        return isTransforming(def.keyType, ctx) || isTransforming(def.valueType, ctx);
    }
    if (def.type === "pipe") {
        if (_schema._zod.traits.has("$ZodCodec"))
            return true;
        return isTransforming(def.in, ctx) || isTransforming(def.out, ctx);
    }
    if (def.type === "object") {
        for (const key in def.shape) {
            if (isTransforming(def.shape[key], ctx))
                return true;
        }
        return false;
    }
    if (def.type === "union") {
        for (const option of def.options) {
            if (isTransforming(option, ctx))
                return true;
        }
        return false;
    }
    if (def.type === "tuple") {
        for (const item of def.items) {
            if (isTransforming(item, ctx))
                return true;
        }
        if (def.rest && isTransforming(def.rest, ctx))
            return true;
        return false;
    }
    return false;
}
/**
 * Creates a toJSONSchema method for a schema instance.
 * This encapsulates the logic of initializing context, processing, extracting defs, and finalizing.
 */
const createToJSONSchemaMethod = (schema, processors = {}) => (params) => {
    const ctx = initializeContext({ ...params, processors });
    processSchema(schema, ctx);
    extractDefs(ctx, schema);
    return finalize(ctx, schema);
};
const createStandardJSONSchemaMethod = (schema, io, processors = {}) => (params) => {
    const { libraryOptions, target } = params ?? {};
    const ctx = initializeContext({ ...(libraryOptions ?? {}), target, io, processors });
    processSchema(schema, ctx);
    extractDefs(ctx, schema);
    return finalize(ctx, schema);
};

const narrowMin = (agg, key, value) => {
    if (agg[key] === undefined || value > agg[key])
        agg[key] = value;
};
const narrowMax = (agg, key, value) => {
    if (agg[key] === undefined || value < agg[key])
        agg[key] = value;
};
const narrowBoth = (agg, value) => {
    narrowMin(agg, "minimum", value);
    narrowMax(agg, "maximum", value);
};
const addDivisor = (agg, value) => {
    agg.multipleOf ?? (agg.multipleOf = []);
    if (!agg.multipleOf.includes(value))
        agg.multipleOf.push(value);
};
const addPattern = (agg, pattern) => {
    agg.patterns ?? (agg.patterns = new Set());
    agg.patterns.add(pattern);
};
const intersectMime = (agg, mime) => {
    agg.mime = agg.mime ? agg.mime.filter((m) => mime.includes(m)) : [...mime];
};
// last-wins, matching the bag's historical write order; the flag keeps an integer format from being lost to a later float one
const setFormat = (agg, format) => {
    agg.format = format;
    if (format.includes("int"))
        agg.isInt = true;
};
const minContributor = (agg, def) => narrowMin(agg, "minimum", def.minimum);
const maxContributor = (agg, def) => narrowMax(agg, "maximum", def.maximum);
const formatContributor = (ranges) => (agg, def) => {
    setFormat(agg, def.format);
    const [minimum, maximum] = ranges[def.format];
    narrowMin(agg, "minimum", minimum);
    narrowMax(agg, "maximum", maximum);
};
const contributors = {
    greater_than: (agg, def) => narrowMin(agg, def.inclusive ? "minimum" : "exclusiveMinimum", def.value),
    less_than: (agg, def) => narrowMax(agg, def.inclusive ? "maximum" : "exclusiveMaximum", def.value),
    multiple_of: (agg, def) => addDivisor(agg, def.value),
    number_format: formatContributor(NUMBER_FORMAT_RANGES),
    bigint_format: formatContributor(BIGINT_FORMAT_RANGES),
    min_length: minContributor,
    max_length: maxContributor,
    length_equals: (agg, def) => narrowBoth(agg, def.length),
    min_size: minContributor,
    max_size: maxContributor,
    size_equals: (agg, def) => narrowBoth(agg, def.size),
    string_format: (agg, def) => {
        setFormat(agg, def.format);
        if (def.pattern)
            addPattern(agg, def.pattern);
        if (def.format === "base64" || def.format === "base64url")
            agg.contentEncoding = def.format;
        if (def.local || def.precision === -1)
            agg.laxFormat = true;
    },
    mime_type: (agg, def) => intersectMime(agg, def.mime),
};
function aggregateChecks(schema) {
    const agg = {};
    const def = schema._zod.def;
    // a format schema is its own first check, same rule as $ZodType init
    const list = schema._zod.traits.has("$ZodCheck")
        ? [schema, ...(def.checks ?? [])]
        : (def.checks ?? []);
    for (const ch of list)
        contributors[ch._zod.def.check]?.(agg, ch._zod.def);
    // reconcile with the bag so third-party onattach contributions still land; first-party residue is never tighter than the fold, so merging it back is idempotent for one and additive for the other
    const bag = schema._zod.bag;
    if (bag.minimum !== undefined)
        narrowMin(agg, "minimum", bag.minimum);
    if (bag.exclusiveMinimum !== undefined)
        narrowMin(agg, "exclusiveMinimum", bag.exclusiveMinimum);
    if (bag.maximum !== undefined)
        narrowMax(agg, "maximum", bag.maximum);
    if (bag.exclusiveMaximum !== undefined)
        narrowMax(agg, "exclusiveMaximum", bag.exclusiveMaximum);
    if (bag.multipleOf !== undefined)
        addDivisor(agg, bag.multipleOf);
    if (bag.format !== undefined) {
        agg.format ?? (agg.format = bag.format);
        if (bag.format.includes("int"))
            agg.isInt = true;
    }
    if (bag.mime)
        intersectMime(agg, bag.mime);
    for (const pattern of bag.patterns ?? [])
        addPattern(agg, pattern);
    return agg;
}
const formatMap = {
    guid: "uuid",
    url: "uri",
    datetime: "date-time",
    json_string: "json-string",
    regex: "", // do not set
};
// ==================== SIMPLE TYPE PROCESSORS ====================
// the runtime patterns are lax so parse paths never overflow the regex stack; the emitted schema swaps in the exact block forms, which zod itself never executes
const exactPatterns = new Map([
    [base64Charset, base64],
    [base64urlCharset, base64url],
]);
const exactPattern = (p) => exactPatterns.get(p) ?? p;
const stringProcessor = (schema, ctx, _json, _params) => {
    const json = _json;
    json.type = "string";
    const { minimum, maximum, format, patterns, contentEncoding, laxFormat } = aggregateChecks(schema);
    if (typeof minimum === "number")
        json.minLength = minimum;
    if (typeof maximum === "number")
        json.maxLength = maximum;
    // custom pattern overrides format
    if (format) {
        json.format = formatMap[format] ?? format;
        if (json.format === "")
            delete json.format; // empty format is not valid
        // `z.iso.time()` is never full-time, and `laxFormat` carries the datetime shapes that also accept what their keyword forbids
        if (format === "time" || laxFormat) {
            delete json.format;
        }
    }
    if (contentEncoding)
        json.contentEncoding = contentEncoding;
    if (patterns && patterns.size > 0) {
        const patternList = [...patterns].map(exactPattern);
        if (patternList.length === 1)
            json.pattern = patternList[0].source;
        else if (patternList.length > 1) {
            json.allOf = [
                ...patternList.map((regex) => ({
                    ...(ctx.target === "draft-07" || ctx.target === "draft-04" || ctx.target === "openapi-3.0"
                        ? { type: "string" }
                        : {}),
                    pattern: regex.source,
                })),
            ];
        }
    }
};
const numberProcessor = (schema, ctx, _json, params) => {
    const json = _json;
    const { minimum, maximum, multipleOf, exclusiveMaximum, exclusiveMinimum, isInt } = aggregateChecks(schema);
    json.type = isInt ? "integer" : "number";
    // when both minimum and exclusiveMinimum exist, pick the more restrictive one
    const exMin = typeof exclusiveMinimum === "number" && exclusiveMinimum >= (minimum ?? Number.NEGATIVE_INFINITY);
    const exMax = typeof exclusiveMaximum === "number" && exclusiveMaximum <= (maximum ?? Number.POSITIVE_INFINITY);
    const legacy = ctx.target === "draft-04" || ctx.target === "openapi-3.0";
    if (exMin) {
        if (legacy) {
            json.minimum = exclusiveMinimum;
            json.exclusiveMinimum = true;
        }
        else {
            json.exclusiveMinimum = exclusiveMinimum;
        }
    }
    else if (typeof minimum === "number") {
        json.minimum = minimum;
    }
    if (exMax) {
        if (legacy) {
            json.maximum = exclusiveMaximum;
            json.exclusiveMaximum = true;
        }
        else {
            json.exclusiveMaximum = exclusiveMaximum;
        }
    }
    else if (typeof maximum === "number") {
        json.maximum = maximum;
    }
    if (multipleOf) {
        // JSON Schema requires a divisor strictly greater than zero, and a non-finite one does not survive JSON at all. A negative divisor accepts exactly what its absolute value accepts, so it still maps; zero, NaN and Infinity have no keyword form.
        const divisors = new Set();
        for (const divisor of multipleOf) {
            if (Number.isFinite(divisor) && divisor !== 0)
                divisors.add(Math.abs(divisor));
            else
                handleUnrepresentable(schema, ctx, json, params, `A multipleOf divisor of ${divisor} cannot be represented in JSON Schema`);
        }
        // chained divisors are a conjunction the keyword cannot carry alone, so extras ride an allOf, same as stacked patterns
        const [first, ...rest] = divisors;
        if (first !== undefined)
            json.multipleOf = first;
        if (rest.length)
            json.allOf = [...(json.allOf ?? []), ...rest.map((m) => ({ multipleOf: m }))];
    }
};
const booleanProcessor = (_schema, _ctx, json, _params) => {
    json.type = "boolean";
};
const neverProcessor = (_schema, _ctx, json, _params) => {
    json.not = {};
};
const unknownProcessor = (_schema, _ctx, _json, _params) => {
    // empty schema accepts anything
};
const enumProcessor = (schema, _ctx, json, _params) => {
    const def = schema._zod.def;
    const values = getEnumValues(def.entries);
    // an empty enum accepts nothing, same as z.never()
    if (values.length === 0) {
        json.not = {};
        return;
    }
    // Number enums can have both string and number values
    if (values.every((v) => typeof v === "number"))
        json.type = "number";
    if (values.every((v) => typeof v === "string"))
        json.type = "string";
    json.enum = values;
};
const literalProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    // a literal with no values accepts nothing, same as z.never()
    if (def.values.length === 0) {
        json.not = {};
        return;
    }
    const vals = [];
    for (const val of def.values) {
        if (val === undefined) {
            // a custom schema replaces the whole literal, so there is nothing left to accumulate
            if (handleUnrepresentable(schema, ctx, json, params, "Literal `undefined` cannot be represented in JSON Schema"))
                return;
            // otherwise do not add to vals
        }
        else if (typeof val === "bigint") {
            if (handleUnrepresentable(schema, ctx, json, params, "BigInt literals cannot be represented in JSON Schema"))
                return;
            vals.push(Number(val));
        }
        else {
            vals.push(val);
        }
    }
    if (vals.length === 0) ;
    else if (vals.length === 1) {
        const val = vals[0];
        json.type = val === null ? "null" : typeof val;
        if (ctx.target === "draft-04" || ctx.target === "openapi-3.0") {
            json.enum = [val];
        }
        else {
            json.const = val;
        }
    }
    else {
        if (vals.every((v) => typeof v === "number"))
            json.type = "number";
        if (vals.every((v) => typeof v === "string"))
            json.type = "string";
        if (vals.every((v) => typeof v === "boolean"))
            json.type = "boolean";
        if (vals.every((v) => v === null))
            json.type = "null";
        json.enum = vals;
    }
};
const customProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "Custom types cannot be represented in JSON Schema");
};
const transformProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "Transforms cannot be represented in JSON Schema");
};
// ==================== COMPOSITE TYPE PROCESSORS ====================
const arrayProcessor = (schema, ctx, _json, params) => {
    const json = _json;
    const def = schema._zod.def;
    const { minimum, maximum } = aggregateChecks(schema);
    if (typeof minimum === "number")
        json.minItems = minimum;
    if (typeof maximum === "number")
        json.maxItems = maximum;
    json.type = "array";
    json.items = processSchema(def.element, ctx, {
        ...params,
        path: [...params.path, "items"],
    });
};
// Transform and catch set `optin = "optional"` at runtime so the parser lets them observe an
// absent key, but their declared input type stays required. An input JSON Schema describes the
// declared type, so resolve past them to the schema that actually carries the optionality.
// Used by both `objectProcessor` (for `required`) and `tupleProcessor` (for `minItems`); see
// wiki/optionality.md, "The JSON Schema emitter reads the *static* value".
function inputOptin(schema) {
    const def = schema._zod.def;
    if (def.type === "pipe" && def.in._zod.traits.has("$ZodTransform")) {
        return inputOptin(def.out);
    }
    if (def.type === "catch") {
        return inputOptin(def.innerType);
    }
    return schema._zod.optin;
}
const objectProcessor = (schema, ctx, _json, params) => {
    const json = _json;
    const def = schema._zod.def;
    const shape = def.shape;
    // dropping it while still emitting `additionalProperties: false` would emit a schema that rejects data this one requires
    const symbolKeys = Object.getOwnPropertySymbols(shape);
    if (symbolKeys.length &&
        handleUnrepresentable(schema, ctx, json, params, "Symbol keys cannot be represented in JSON Schema")) {
        return;
    }
    json.type = "object";
    json.properties = {};
    for (const key in shape) {
        // assignProp so a __proto__ key becomes an own property instead of hitting the inherited setter on the plain {} we build into
        assignProp(json.properties, key, processSchema(shape[key], ctx, {
            ...params,
            path: [...params.path, "properties", key],
        }));
    }
    // required keys
    const requiredKeys = [];
    for (const key of Object.keys(shape)) {
        const field = def.shape[key];
        if (ctx.io === "input" ? inputOptin(field) === undefined : field._zod.optout === undefined) {
            requiredKeys.push(key);
        }
    }
    if (requiredKeys.length > 0) {
        json.required = requiredKeys;
    }
    // catchall
    if (def.catchall?._zod.def.type === "never") {
        // strict
        json.additionalProperties = false;
    }
    else if (!def.catchall) {
        // regular
        if (ctx.io === "output")
            json.additionalProperties = false;
    }
    else if (def.catchall) {
        json.additionalProperties = processSchema(def.catchall, ctx, {
            ...params,
            path: [...params.path, "additionalProperties"],
        });
    }
};
const unionProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    // Exclusive unions (inclusive === false) use oneOf (exactly one match) instead of anyOf (one or more matches). This includes both z.xor() and discriminated unions
    const isExclusive = def.inclusive === false;
    const options = def.options.map((x, i) => processSchema(x, ctx, {
        ...params,
        path: [...params.path, isExclusive ? "oneOf" : "anyOf", i],
    }));
    if (isExclusive) {
        json.oneOf = options;
    }
    else {
        json.anyOf = options;
    }
};
const intersectionProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    const a = processSchema(def.left, ctx, {
        ...params,
        path: [...params.path, "allOf", 0],
    });
    const b = processSchema(def.right, ctx, {
        ...params,
        path: [...params.path, "allOf", 1],
    });
    const isSimpleIntersection = (val) => "allOf" in val && Object.keys(val).length === 1;
    const allOf = [
        ...(isSimpleIntersection(a) ? a.allOf : [a]),
        ...(isSimpleIntersection(b) ? b.allOf : [b]),
    ];
    json.allOf = allOf;
    // Recorded innermost first, so a nested intersection has already folded by the time this one is considered. The array is the handle rather than the schema, because a wrapper that inherits this schema shares the same array; `finalize` folds every object holding it. See `foldIntersection`.
    ctx.intersections.push(allOf);
};
/** JSON object keys are always strings, so a numeric record key schema is re-expressed over the
 * numeric-string form the record parser matches. Deferred to `finalize`, after the flatten: a key
 * behind a wrapper only carries its own `type` before then, and a union key only has its branches.
 *
 * A numeric bound cannot apply to a property name, so `minimum` and its siblings are dropped rather
 * than carried over: keeping them beside `type: "string"` reproduces the match-nothing schema this
 * exists to fix. A key that carries one therefore emits wider than the record parses — `z.record(z.number().min(5), V)`
 * accepts `"3"` — which is the deliberate trade, since throwing on it would reject an ordinary schema
 * outright. */
function stringifyKeyNames(bySchema, json, visited) {
    // an extracted key that rewrites cannot go on sharing its definition — the string form a key position needs is not the number form every other reference wants — so it inlines. One that does not rewrite keeps the `$ref`.
    if (json.$ref) {
        // a recursive key holds its own reference inside its definition, so a node already on the path is left alone rather than resolved again
        if (visited.has(json))
            return json;
        visited.add(json);
        const def = bySchema.get(json)?.def;
        if (!def)
            return json;
        const inlined = stringifyKeyNames(bySchema, def, visited);
        return inlined === def ? json : inlined;
    }
    for (const keyword of ["anyOf", "oneOf"]) {
        const branches = json[keyword];
        if (!Array.isArray(branches))
            continue;
        const mapped = branches.map((branch) => stringifyKeyNames(bySchema, branch, visited));
        // rebuilding regardless would detach a key that had nothing to re-express, dropping its `$ref` and leaking the internal `id`
        if (mapped.some((branch, i) => branch !== branches[i]))
            json = { ...json, [keyword]: mapped };
    }
    // a member that already admits a string leaves the key unconstrained, so the node's own type re-expresses only when every member is numeric
    const types = Array.isArray(json.type) ? json.type : [json.type];
    const numericType = !types.includes("string") && types.some((t) => t === "number" || t === "integer");
    // a heterogeneous key carries no type at all, so its numeric members are caught here instead
    const values = json.enum ?? (json.const !== undefined ? [json.const] : undefined);
    if (!numericType && !values?.some((v) => typeof v === "number"))
        return json;
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, format, id, ...rest } = json;
    if (rest.enum)
        rest.enum = rest.enum.map((v) => (typeof v === "number" ? String(v) : v));
    else if (typeof rest.const === "number")
        rest.const = String(rest.const);
    // a heterogeneous key keeps its absent type: the stringified members already say what a key may be
    if (!numericType)
        return rest;
    rest.type = "string";
    if (!values)
        rest.pattern = (types.includes("number") ? number$1 : integer$2).source;
    return rest;
}
/** Every record of one conversion, so the carriers are found in a single pass rather than once per record. */
const pendingRecords = new WeakMap();
function rewriteKeyNames(ctx) {
    // an extracted key is resolved by the object `extractToDef` left in its place, so the map is built once rather than searched per reference. `_zod.toJSONSchema` can hand the same object to two schemas, so the first entry carrying a body wins, as a search would have found it.
    const bySchema = new Map();
    for (const entry of ctx.seen.values()) {
        if (entry.def && !bySchema.has(entry.schema))
            bySchema.set(entry.schema, entry);
    }
    const rewrites = new Map();
    for (const record of pendingRecords.get(ctx) ?? []) {
        const seen = ctx.seen.get(record);
        const names = (seen?.def ?? seen?.schema)?.propertyNames;
        if (!names || names === true || rewrites.has(names))
            continue;
        const rewritten = stringifyKeyNames(bySchema, names, new Set());
        if (rewritten !== names)
            rewrites.set(names, rewritten);
    }
    if (!rewrites.size)
        return;
    // the flatten has already copied each record's own properties onto every wrapper by reference, and an extracted body is another such copy, so every carrier holding a rewritten key is updated together
    for (const entry of ctx.seen.values()) {
        for (const carrier of [entry.schema, entry.def]) {
            const rewritten = carrier && rewrites.get(carrier.propertyNames);
            if (rewritten)
                carrier.propertyNames = rewritten;
        }
    }
}
const recordProcessor = (schema, ctx, _json, params) => {
    const json = _json;
    const def = schema._zod.def;
    json.type = "object";
    // For looseRecord with regex patterns, use patternProperties. This correctly represents "only validate keys matching the pattern" semantics and composes well with allOf (intersections)
    const keyType = def.keyType;
    const patterns = aggregateChecks(keyType).patterns;
    if (def.mode === "loose" && patterns && patterns.size > 0) {
        // Use patternProperties for looseRecord with regex patterns
        const valueSchema = processSchema(def.valueType, ctx, {
            ...params,
            path: [...params.path, "patternProperties", "*"],
        });
        json.patternProperties = {};
        for (const pattern of patterns) {
            assignProp(json.patternProperties, exactPattern(pattern).source, valueSchema);
        }
    }
    else {
        // Default behavior: use propertyNames + additionalProperties
        if (ctx.target === "draft-07" || ctx.target === "draft-2020-12") {
            json.propertyNames = processSchema(def.keyType, ctx, {
                ...params,
                path: [...params.path, "propertyNames"],
            });
            let pending = pendingRecords.get(ctx);
            if (!pending) {
                pending = [];
                pendingRecords.set(ctx, pending);
                ctx.deferred.push(() => rewriteKeyNames(ctx));
            }
            pending.push(schema);
        }
        json.additionalProperties = processSchema(def.valueType, ctx, {
            ...params,
            path: [...params.path, "additionalProperties"],
        });
    }
    // Add required for keys with discrete values (enum, literal, etc.)
    const keyValues = keyType._zod.values;
    // Every key shares one value schema, so an optional-in value makes the whole key set omittable on input. Output keeps them: the exhaustive branch assigns every key, even one whose value came back undefined.
    const omittableOnInput = ctx.io === "input" && inputOptin(def.valueType) !== undefined;
    if (keyValues && !def.partial && !omittableOnInput) {
        const validKeyValues = [...keyValues].filter((v) => typeof v === "string" || typeof v === "number");
        if (validKeyValues.length > 0) {
            json.required = validKeyValues.map(String);
        }
    }
};
const nullableProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    const inner = processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    if (ctx.target === "openapi-3.0") {
        seen.ref = def.innerType;
        json.nullable = true;
    }
    else {
        json.anyOf = [inner, { type: "null" }];
    }
};
const nonoptionalProcessor = (schema, ctx, _json, params) => {
    const def = schema._zod.def;
    processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
};
/** Round-trips a default value through JSON so the emitted schema is guaranteed to be valid JSON.
 * A BigInt has no reliable encoding, so it goes through `unrepresentable` like any other
 * unrepresentable value. Returns a sentinel when the caller must not write a default of its own. */
const UNREPRESENTABLE_DEFAULT = Symbol();
function serializeDefaultValue(value, schema, ctx, json, params) {
    let unrepresentable = false;
    const serialized = JSON.stringify(value, (_, val) => {
        if (typeof val !== "bigint")
            return val;
        unrepresentable = true;
        return null;
    });
    if (!unrepresentable)
        return JSON.parse(serialized);
    handleUnrepresentable(schema, ctx, json, params, "BigInt defaults cannot be represented in JSON Schema");
    return UNREPRESENTABLE_DEFAULT;
}
const defaultProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
    const value = serializeDefaultValue(def.defaultValue, schema, ctx, json, params);
    if (value !== UNREPRESENTABLE_DEFAULT)
        json.default = value;
};
const prefaultProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
    if (ctx.io !== "input")
        return;
    const value = serializeDefaultValue(def.defaultValue, schema, ctx, json, params);
    if (value !== UNREPRESENTABLE_DEFAULT)
        json._prefault = value;
};
const catchProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
    let catchValue;
    try {
        catchValue = def.catchValue(undefined);
    }
    catch {
        handleUnrepresentable(schema, ctx, json, params, "Dynamic catch values are not supported in JSON Schema");
        return;
    }
    json.default = catchValue;
};
const pipeProcessor = (schema, ctx, _json, params) => {
    const def = schema._zod.def;
    const inIsTransform = def.in._zod.traits.has("$ZodTransform");
    const innerType = ctx.io === "input" ? (inIsTransform ? def.out : def.in) : def.out;
    processSchema(innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = innerType;
};
const readonlyProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
    json.readOnly = true;
};
const optionalProcessor = (schema, ctx, _json, params) => {
    const def = schema._zod.def;
    processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
};

/* Prototypes that already carry the lazy helper methods. Seeded with the
 * intrinsics so that `init` on a foreign object — it accepts any object —
 * can never install an accessor onto a prototype we do not own. */
const _installedErrorProtos = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]);
/* Helper methods live as non-enumerable lazy getters on the shared
 * prototype instead of own properties on every instance. On first
 * access the getter allocates the per-instance closure and caches it
 * as a non-enumerable own property, so detached usage still works and
 * the allocation only happens for methods actually touched. */
function _lazyMethod(proto, key, make) {
    Object.defineProperty(proto, key, {
        configurable: true,
        enumerable: false,
        get() {
            const value = make(this);
            Object.defineProperty(this, key, { value, configurable: true, writable: true });
            return value;
        },
        set(value) {
            Object.defineProperty(this, key, { value, configurable: true, writable: true });
        },
    });
}
const initializer = (inst, issues) => {
    $ZodError.init(inst, issues);
    inst.name = "ZodError";
    const proto = Object.getPrototypeOf(inst);
    if (_installedErrorProtos.has(proto))
        return;
    _installedErrorProtos.add(proto);
    _lazyMethod(proto, "format", (self) => (mapper) => formatError(self, mapper));
    _lazyMethod(proto, "flatten", (self) => (mapper) => flattenError(self, mapper));
    _lazyMethod(proto, "addIssue", (self) => (issue) => {
        self.issues.push(issue);
        self.message = JSON.stringify(self.issues, jsonStringifyReplacer, 2);
    });
    _lazyMethod(proto, "addIssues", (self) => (issues) => {
        self.issues.push(...issues);
        self.message = JSON.stringify(self.issues, jsonStringifyReplacer, 2);
    });
    Object.defineProperty(proto, "isEmpty", {
        configurable: true,
        enumerable: false,
        get() {
            return this.issues.length === 0;
        },
    });
};
const ZodRealError = /*@__PURE__*/ $constructor("ZodError", initializer, undefined, {
    Parent: Error,
});
// /** @deprecated Use `z.core.$ZodErrorMapCtx` instead. */
// export type ErrorMapCtx = core.$ZodErrorMapCtx;

const parse = /* @__PURE__ */ _parse(ZodRealError);
const parseAsync = /* @__PURE__ */ _parseAsync(ZodRealError);
const safeParse = /* @__PURE__ */ _safeParse(ZodRealError);
const safeParseAsync = /* @__PURE__ */ _safeParseAsync(ZodRealError);
// Codec functions
const encode = /* @__PURE__ */ _encode(ZodRealError);
const decode = /* @__PURE__ */ _decode(ZodRealError);
const encodeAsync = /* @__PURE__ */ _encodeAsync(ZodRealError);
const decodeAsync = /* @__PURE__ */ _decodeAsync(ZodRealError);
const safeEncode = /* @__PURE__ */ _safeEncode(ZodRealError);
const safeDecode = /* @__PURE__ */ _safeDecode(ZodRealError);
const safeEncodeAsync = /* @__PURE__ */ _safeEncodeAsync(ZodRealError);
const safeDecodeAsync = /* @__PURE__ */ _safeDecodeAsync(ZodRealError);

// Register English as the default locale on first ZodType construction. Hooked into the `ZodType` `$constructor` (rather than a top-level `config(en())` in `external.ts`) so bundlers honoring `sideEffects: false` can't tree-shake it out — see #5953, #5725. An explicit `z.config(z.locales.xx())` call wins regardless of order, since this only sets the default when none is present.
function _ensureDefaultLocale() {
    if (!globalConfig.localeError)
        config(en());
}
// the default memoizer is read by the core container init, which runs before `ZodType.init`, so each container calls this first
function _ensureDefaultMemoizer() {
    if (!globalConfig.memoizer)
        config({ memoizer: memoizer() });
}
const ZodType = /*@__PURE__*/ $constructor("ZodType", (inst, def) => {
    _ensureDefaultLocale();
    $ZodType.init(inst, def);
    inst.def = def;
    inst.type = def.type;
    return inst;
}, {
    check(...chks) {
        const def = this.def;
        return this.clone(mergeDefs(def, {
            checks: [
                ...(def.checks ?? []),
                ...chks.map((ch) => typeof ch === "function" ? { _zod: { check: ch, def: { check: "custom" }, onattach: [] } } : ch),
            ],
        }), { parent: true });
    },
    with(...chks) {
        return this.check(...chks);
    },
    clone(def, params) {
        return clone(this, def, params);
    },
    brand() {
        return this;
    },
    register(reg, meta) {
        reg.add(this, meta);
        return this;
    },
    refine(check, params) {
        return this.check(refine(check, params));
    },
    superRefine(refinement, params) {
        return this.check(superRefine(refinement, params));
    },
    overwrite(fn) {
        return this.check(_overwrite(fn));
    },
    optional() {
        return optional(this);
    },
    exactOptional() {
        return exactOptional(this);
    },
    nullable() {
        return nullable(this);
    },
    nullish() {
        return optional(nullable(this));
    },
    nonoptional(params) {
        return nonoptional(this, params);
    },
    array() {
        return array(this);
    },
    or(arg) {
        return union([this, arg]);
    },
    and(arg) {
        return intersection(this, arg);
    },
    transform(tx) {
        return pipe(this, transform(tx));
    },
    default(d) {
        return _default(this, d);
    },
    prefault(d) {
        return prefault(this, d);
    },
    catch(params) {
        return _catch(this, params);
    },
    pipe(target) {
        return pipe(this, target);
    },
    readonly() {
        return readonly(this);
    },
    describe(description) {
        const cl = this.clone();
        globalRegistry.add(cl, { description });
        return cl;
    },
    meta(...args) {
        // overloaded: meta() returns the registered metadata, meta(data) returns a clone with `data` registered. The mapped type picks up the second overload, so we accept variadic any-args and return `any` to satisfy both at runtime.
        if (args.length === 0)
            return globalRegistry.get(this);
        const cl = this.clone();
        globalRegistry.add(cl, args[0]);
        return cl;
    },
    isOptional() {
        return this.safeParse(undefined).success;
    },
    isNullable() {
        return this.safeParse(null).success;
    },
    apply(fn, ...args) {
        return args.length === 0 ? fn(this) : fn(this, ...args);
    },
    // Overrides core's `~standard` to add `jsonSchema`. Must stay a prototype entry: redefining it per instance demotes instances to dictionary mode.
    get "~standard"() {
        return hide(this, "~standard", {
            ...standardProps(this),
            jsonSchema: {
                input: createStandardJSONSchemaMethod(this, "input"),
                output: createStandardJSONSchemaMethod(this, "output"),
            },
        });
    },
    set "~standard"(value) {
        own(this, "~standard", value);
    },
    parse: function _parse(data, params) {
        return parse(this, data, params, { callee: _parse });
    },
    parseAsync: async function _parseAsync(data, params) {
        return await parseAsync(this, data, params, { callee: _parseAsync });
    },
    safeParse(data, params) {
        return safeParse(this, data, params);
    },
    async safeParseAsync(data, params) {
        return safeParseAsync(this, data, params);
    },
    // `spa` is an alias: same function object as `safeParseAsync`, as before.
    get spa() {
        return this?.safeParseAsync;
    },
    set spa(value) {
        own(this, "spa", value);
    },
    validate(data, params) {
        return validate(this, data, params);
    },
    validateAsync(data, params) {
        return validateAsync$1(this, data, params);
    },
    encode: function _encode(data, params) {
        return encode(this, data, params, { callee: _encode });
    },
    decode: function _decode(data, params) {
        return decode(this, data, params, { callee: _decode });
    },
    encodeAsync: async function _encodeAsync(data, params) {
        return await encodeAsync(this, data, params, { callee: _encodeAsync });
    },
    decodeAsync: async function _decodeAsync(data, params) {
        return await decodeAsync(this, data, params, { callee: _decodeAsync });
    },
    safeEncode(data, params) {
        return safeEncode(this, data, params);
    },
    safeDecode(data, params) {
        return safeDecode(this, data, params);
    },
    async safeEncodeAsync(data, params) {
        return safeEncodeAsync(this, data, params);
    },
    async safeDecodeAsync(data, params) {
        return safeDecodeAsync(this, data, params);
    },
    toJSONSchema(params) {
        return createToJSONSchemaMethod(this, {})(params);
    },
    // Reads through to the registry on every access, so it must not cache.
    get description() {
        return globalRegistry.get(this)?.description;
    },
    // No setter: `schema._def = x` throws, as it did when `_def` was a non-writable own property.
    get _def() {
        return this._zod.def;
    },
});
/** @internal */
const _ZodString = /*@__PURE__*/ $constructor("_ZodString", (inst, def) => {
    $ZodString.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => stringProcessor(inst, ctx, json);
}, 
/*@__PURE__*/ derived({
    format: (inst) => aggregateChecks(inst).format ?? null,
    minLength: (inst) => aggregateChecks(inst).minimum ?? null,
    maxLength: (inst) => aggregateChecks(inst).maximum ?? null,
}, {
    regex(...args) {
        return this.check(_regex(...args));
    },
    includes(...args) {
        return this.check(_includes(...args));
    },
    startsWith(...args) {
        return this.check(_startsWith(...args));
    },
    endsWith(...args) {
        return this.check(_endsWith(...args));
    },
    min(...args) {
        return this.check(_minLength(...args));
    },
    max(...args) {
        return this.check(_maxLength(...args));
    },
    length(...args) {
        return this.check(_length(...args));
    },
    nonempty(...args) {
        return this.check(_minLength(1, ...args));
    },
    lowercase(params) {
        return this.check(_lowercase(params));
    },
    uppercase(params) {
        return this.check(_uppercase(params));
    },
    trim() {
        return this.check(_trim());
    },
    normalize(...args) {
        return this.check(_normalize(...args));
    },
    toLowerCase() {
        return this.check(_toLowerCase());
    },
    toUpperCase() {
        return this.check(_toUpperCase());
    },
    slugify() {
        return this.check(_slugify());
    },
}));
const ZodString = /*@__PURE__*/ $constructor("ZodString", (inst, def) => {
    $ZodString.init(inst, def);
    _ZodString.init(inst, def);
}, {
    email(params) {
        return this.check(_email(ZodEmail, params));
    },
    url(params) {
        return this.check(_url(ZodURL, params));
    },
    jwt(params) {
        return this.check(_jwt(ZodJWT, params));
    },
    emoji(params) {
        return this.check(_emoji(ZodEmoji, params));
    },
    guid(params) {
        return this.check(_guid(ZodGUID, params));
    },
    uuid(params) {
        return this.check(_uuid(ZodUUID, params));
    },
    uuidv4(params) {
        return this.check(_uuidv4(ZodUUID, params));
    },
    uuidv6(params) {
        return this.check(_uuidv6(ZodUUID, params));
    },
    uuidv7(params) {
        return this.check(_uuidv7(ZodUUID, params));
    },
    nanoid(params) {
        return this.check(_nanoid(ZodNanoID, params));
    },
    cuid(params) {
        return this.check(_cuid(ZodCUID, params));
    },
    cuid2(params) {
        return this.check(_cuid2(ZodCUID2, params));
    },
    ulid(params) {
        return this.check(_ulid(ZodULID, params));
    },
    base64(params) {
        return this.check(_base64(ZodBase64, params));
    },
    base64url(params) {
        return this.check(_base64url(ZodBase64URL, params));
    },
    xid(params) {
        return this.check(_xid(ZodXID, params));
    },
    ksuid(params) {
        return this.check(_ksuid(ZodKSUID, params));
    },
    ipv4(params) {
        return this.check(_ipv4(ZodIPv4, params));
    },
    ipv6(params) {
        return this.check(_ipv6(ZodIPv6, params));
    },
    cidrv4(params) {
        return this.check(_cidrv4(ZodCIDRv4, params));
    },
    cidrv6(params) {
        return this.check(_cidrv6(ZodCIDRv6, params));
    },
    e164(params) {
        return this.check(_e164(ZodE164, params));
    },
    datetime(params) {
        return this.check(_isoDateTime(ZodISODateTime, params));
    },
    date(params) {
        return this.check(_isoDate(ZodISODate, params));
    },
    time(params) {
        return this.check(_isoTime(ZodISOTime, params));
    },
    duration(params) {
        return this.check(_isoDuration(ZodISODuration, params));
    },
});
function string(params) {
    return _string(ZodString, params);
}
const ZodStringFormat = /*@__PURE__*/ $constructor("ZodStringFormat", (inst, def) => {
    $ZodStringFormat.init(inst, def);
    _ZodString.init(inst, def);
});
const ZodISODateTime = /*@__PURE__*/ $constructor("ZodISODateTime", (inst, def) => {
    $ZodISODateTime.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodISODate = /*@__PURE__*/ $constructor("ZodISODate", (inst, def) => {
    $ZodISODate.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodISOTime = /*@__PURE__*/ $constructor("ZodISOTime", (inst, def) => {
    $ZodISOTime.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodISODuration = /*@__PURE__*/ $constructor("ZodISODuration", (inst, def) => {
    $ZodISODuration.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodEmail = /*@__PURE__*/ $constructor("ZodEmail", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodEmail.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodGUID = /*@__PURE__*/ $constructor("ZodGUID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodGUID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodUUID = /*@__PURE__*/ $constructor("ZodUUID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodUUID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodURL = /*@__PURE__*/ $constructor("ZodURL", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodURL.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodEmoji = /*@__PURE__*/ $constructor("ZodEmoji", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodEmoji.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodNanoID = /*@__PURE__*/ $constructor("ZodNanoID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodNanoID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link ZodCUID2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
const ZodCUID = /*@__PURE__*/ $constructor("ZodCUID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodCUID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodCUID2 = /*@__PURE__*/ $constructor("ZodCUID2", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodCUID2.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodULID = /*@__PURE__*/ $constructor("ZodULID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodULID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodXID = /*@__PURE__*/ $constructor("ZodXID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodXID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodKSUID = /*@__PURE__*/ $constructor("ZodKSUID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodKSUID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodIPv4 = /*@__PURE__*/ $constructor("ZodIPv4", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodIPv4.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodIPv6 = /*@__PURE__*/ $constructor("ZodIPv6", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodIPv6.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodCIDRv4 = /*@__PURE__*/ $constructor("ZodCIDRv4", (inst, def) => {
    $ZodCIDRv4.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodCIDRv6 = /*@__PURE__*/ $constructor("ZodCIDRv6", (inst, def) => {
    $ZodCIDRv6.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodBase64 = /*@__PURE__*/ $constructor("ZodBase64", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodBase64.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodBase64URL = /*@__PURE__*/ $constructor("ZodBase64URL", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodBase64URL.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodE164 = /*@__PURE__*/ $constructor("ZodE164", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodE164.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodJWT = /*@__PURE__*/ $constructor("ZodJWT", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodJWT.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodNumber = /*@__PURE__*/ $constructor("ZodNumber", (inst, def) => {
    $ZodNumber.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => numberProcessor(inst, ctx, json, params);
    inst.isFinite = true;
}, 
/*@__PURE__*/ derived({
    minValue: (inst) => {
        const { minimum, exclusiveMinimum } = aggregateChecks(inst);
        return Math.max(minimum ?? Number.NEGATIVE_INFINITY, exclusiveMinimum ?? Number.NEGATIVE_INFINITY);
    },
    maxValue: (inst) => {
        const { maximum, exclusiveMaximum } = aggregateChecks(inst);
        return Math.min(maximum ?? Number.POSITIVE_INFINITY, exclusiveMaximum ?? Number.POSITIVE_INFINITY);
    },
    isInt: (inst) => {
        const { isInt, multipleOf } = aggregateChecks(inst);
        return !!isInt || !!multipleOf?.some(Number.isSafeInteger);
    },
    format: (inst) => aggregateChecks(inst).format ?? null,
}, {
    gt(value, params) {
        return this.check(_gt(value, params));
    },
    gte(value, params) {
        return this.check(_gte(value, params));
    },
    min(value, params) {
        return this.check(_gte(value, params));
    },
    lt(value, params) {
        return this.check(_lt(value, params));
    },
    lte(value, params) {
        return this.check(_lte(value, params));
    },
    max(value, params) {
        return this.check(_lte(value, params));
    },
    int(params) {
        return this.check(int(params));
    },
    safe(params) {
        return this.check(int(params));
    },
    positive(params) {
        return this.check(_gt(0, params));
    },
    nonnegative(params) {
        return this.check(_gte(0, params));
    },
    negative(params) {
        return this.check(_lt(0, params));
    },
    nonpositive(params) {
        return this.check(_lte(0, params));
    },
    multipleOf(value, params) {
        return this.check(_multipleOf(value, params));
    },
    step(value, params) {
        return this.check(_multipleOf(value, params));
    },
    finite() {
        return this;
    },
}));
function number(params) {
    return _number(ZodNumber, params);
}
const ZodNumberFormat = /*@__PURE__*/ $constructor("ZodNumberFormat", (inst, def) => {
    $ZodNumberFormat.init(inst, def);
    ZodNumber.init(inst, def);
});
function int(params) {
    return _int(ZodNumberFormat, params);
}
const ZodBoolean = /*@__PURE__*/ $constructor("ZodBoolean", (inst, def) => {
    $ZodBoolean.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => booleanProcessor(inst, ctx, json);
});
function boolean(params) {
    return _boolean(ZodBoolean, params);
}
const ZodUnknown = /*@__PURE__*/ $constructor("ZodUnknown", (inst, def) => {
    $ZodUnknown.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => unknownProcessor();
});
function unknown() {
    return _unknown(ZodUnknown);
}
const ZodNever = /*@__PURE__*/ $constructor("ZodNever", (inst, def) => {
    $ZodNever.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => neverProcessor(inst, ctx, json);
});
function never(params) {
    return _never(ZodNever, params);
}
const ZodArray = /*@__PURE__*/ $constructor("ZodArray", (inst, def) => {
    _ensureDefaultMemoizer();
    $ZodArray.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => arrayProcessor(inst, ctx, json, params);
    inst.element = def.element;
}, {
    min(n, params) {
        return this.check(_minLength(n, params));
    },
    nonempty(params) {
        return this.check(_minLength(1, params));
    },
    max(n, params) {
        return this.check(_maxLength(n, params));
    },
    length(n, params) {
        return this.check(_length(n, params));
    },
    unwrap() {
        return this.element;
    },
});
function array(element, params) {
    return _array(ZodArray, element, params);
}
const ZodObject = /*@__PURE__*/ $constructor("ZodObject", (inst, def) => {
    _ensureDefaultMemoizer();
    $ZodObjectJIT.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => objectProcessor(inst, ctx, json, params);
    installLazyProp(inst, "shape", (self) => self._zod.def.shape, false);
}, {
    keyof() {
        return _enum(Object.keys(this._zod.def.shape));
    },
    catchall(catchall) {
        // `mergeDefs` rather than a spread: spreading reads `shape`, and resolving it can mint a whole fresh subtree
        return this.clone(mergeDefs(this._zod.def, { catchall: catchall }));
    },
    passthrough() {
        return this.clone(mergeDefs(this._zod.def, { catchall: unknown() }));
    },
    loose() {
        return this.clone(mergeDefs(this._zod.def, { catchall: unknown() }));
    },
    strict() {
        return this.clone(mergeDefs(this._zod.def, { catchall: never() }));
    },
    strip() {
        return this.clone(mergeDefs(this._zod.def, { catchall: undefined }));
    },
    extend(incoming) {
        return extend(this, incoming);
    },
    safeExtend(incoming) {
        return safeExtend(this, incoming);
    },
    merge(other) {
        return merge(this, other);
    },
    pick(mask) {
        return pick$1(this, mask);
    },
    omit(mask) {
        return omit(this, mask);
    },
    partial(...args) {
        return partial(ZodOptional, this, args[0]);
    },
    exactPartial(...args) {
        return partial(ZodExactOptional, this, args[0], "exactPartial");
    },
    required(...args) {
        return required(ZodNonOptional, this, args[0]);
    },
});
function object(shape, params) {
    const def = {
        type: "object",
        shape: shape ?? {},
        ...normalizeParams(params),
    };
    return new ZodObject(def);
}
const ZodUnion = /*@__PURE__*/ $constructor("ZodUnion", (inst, def) => {
    $ZodUnion.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => unionProcessor(inst, ctx, json, params);
    inst.options = def.options;
});
function union(options, params) {
    return new ZodUnion({
        type: "union",
        options: options,
        ...normalizeParams(params),
    });
}
const ZodIntersection = /*@__PURE__*/ $constructor("ZodIntersection", (inst, def) => {
    $ZodIntersection.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => intersectionProcessor(inst, ctx, json, params);
});
function intersection(left, right) {
    return new ZodIntersection({
        type: "intersection",
        left: left,
        right: right,
    });
}
const ZodRecord = /*@__PURE__*/ $constructor("ZodRecord", (inst, def) => {
    _ensureDefaultMemoizer();
    $ZodRecord.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => recordProcessor(inst, ctx, json, params);
    inst.keyType = def.keyType;
    inst.valueType = def.valueType;
});
function record(keyType, valueType, params) {
    // v3-compat: z.record(valueType, params?) — defaults keyType to z.string()
    if (!valueType || !valueType._zod) {
        return new ZodRecord({
            type: "record",
            keyType: string(),
            valueType: keyType,
            ...normalizeParams(valueType),
        });
    }
    return new ZodRecord({
        type: "record",
        keyType,
        valueType: valueType,
        ...normalizeParams(params),
    });
}
const ZodEnum = /*@__PURE__*/ $constructor("ZodEnum", (inst, def) => {
    $ZodEnum.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => enumProcessor(inst, ctx, json);
    inst.enum = def.entries;
    // reuse the parsed value set so a numeric TS enum's reverse-mapping keys stay out
    inst.options = [...inst._zod.values];
    const keys = new Set(Object.keys(def.entries));
    inst.extract = (values, params) => {
        const newEntries = {};
        for (const value of values) {
            if (keys.has(value)) {
                newEntries[value] = def.entries[value];
            }
            else
                throw new Error(`Key ${value} not found in enum`);
        }
        return new ZodEnum({
            ...def,
            checks: [],
            ...normalizeParams(params),
            entries: newEntries,
        });
    };
    inst.exclude = (values, params) => {
        const newEntries = { ...def.entries };
        for (const value of values) {
            if (keys.has(value)) {
                delete newEntries[value];
            }
            else
                throw new Error(`Key ${value} not found in enum`);
        }
        return new ZodEnum({
            ...def,
            checks: [],
            ...normalizeParams(params),
            entries: newEntries,
        });
    };
});
function _enum(values, params) {
    const entries = Array.isArray(values) ? Object.fromEntries(values.map((v) => [v, v])) : values;
    return new ZodEnum({
        type: "enum",
        entries,
        ...normalizeParams(params),
    });
}
const ZodLiteral = /*@__PURE__*/ $constructor("ZodLiteral", (inst, def) => {
    $ZodLiteral.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => literalProcessor(inst, ctx, json, params);
    inst.values = new Set(def.values);
    Object.defineProperty(inst, "value", {
        get() {
            if (def.values.length > 1) {
                throw new Error("This schema contains multiple valid literal values. Use `.values` instead.");
            }
            return def.values[0];
        },
    });
});
function literal(value, params) {
    return new ZodLiteral({
        type: "literal",
        values: Array.isArray(value) ? value : [value],
        ...normalizeParams(params),
    });
}
const ZodTransform = /*@__PURE__*/ $constructor("ZodTransform", (inst, def) => {
    _ensureDefaultMemoizer();
    $ZodTransform.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => transformProcessor(inst, ctx, json, params);
    inst._zod.parse = (payload, _ctx) => {
        if (_ctx.direction === "backward") {
            throw new $ZodEncodeError(inst.constructor.name);
        }
        payload.addIssue = (issue$1) => {
            if (typeof issue$1 === "string") {
                payload.issues.push(issue(issue$1, payload.value, def));
            }
            else {
                // for Zod 3 backwards compatibility
                const _issue = issue$1;
                if (_issue.fatal)
                    _issue.continue = false;
                _issue.code ?? (_issue.code = "custom");
                if (!("input" in _issue))
                    _issue.input = payload.value;
                _issue.inst ?? (_issue.inst = inst);
                // _issue.continue ??= true;
                payload.issues.push(issue(_issue));
            }
        };
        const output = def.transform(payload.value, payload);
        if (output instanceof Promise) {
            return output.then((output) => {
                payload.value = output;
                return payload;
            });
        }
        payload.value = output;
        return payload;
    };
});
function transform(fn) {
    return new ZodTransform({
        type: "transform",
        transform: fn,
    });
}
const ZodOptional = /*@__PURE__*/ $constructor("ZodOptional", (inst, def) => {
    $ZodOptional.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => optionalProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function optional(innerType) {
    return new ZodOptional({
        type: "optional",
        innerType: innerType,
    });
}
const ZodExactOptional = /*@__PURE__*/ $constructor("ZodExactOptional", (inst, def) => {
    $ZodExactOptional.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => optionalProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function exactOptional(innerType) {
    return new ZodExactOptional({
        type: "optional",
        innerType: innerType,
    });
}
const ZodNullable = /*@__PURE__*/ $constructor("ZodNullable", (inst, def) => {
    $ZodNullable.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => nullableProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function nullable(innerType) {
    return new ZodNullable({
        type: "nullable",
        innerType: innerType,
    });
}
const ZodDefault = /*@__PURE__*/ $constructor("ZodDefault", (inst, def) => {
    $ZodDefault.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => defaultProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
    inst.removeDefault = inst.unwrap;
});
function _default(innerType, defaultValue) {
    return new ZodDefault({
        type: "default",
        innerType: innerType,
        get defaultValue() {
            return typeof defaultValue === "function" ? defaultValue() : shallowClone(defaultValue);
        },
    });
}
const ZodPrefault = /*@__PURE__*/ $constructor("ZodPrefault", (inst, def) => {
    $ZodPrefault.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => prefaultProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function prefault(innerType, defaultValue) {
    return new ZodPrefault({
        type: "prefault",
        innerType: innerType,
        get defaultValue() {
            return typeof defaultValue === "function" ? defaultValue() : shallowClone(defaultValue);
        },
    });
}
const ZodNonOptional = /*@__PURE__*/ $constructor("ZodNonOptional", (inst, def) => {
    $ZodNonOptional.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => nonoptionalProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function nonoptional(innerType, params) {
    return new ZodNonOptional({
        type: "nonoptional",
        innerType: innerType,
        ...normalizeParams(params),
    });
}
const ZodCatch = /*@__PURE__*/ $constructor("ZodCatch", (inst, def) => {
    $ZodCatch.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => catchProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
    inst.removeCatch = inst.unwrap;
});
function _catch(innerType, catchValue) {
    return new ZodCatch({
        type: "catch",
        innerType: innerType,
        catchValue: (typeof catchValue === "function" ? catchValue : constantCatch(catchValue)),
    });
}
const ZodPipe = /*@__PURE__*/ $constructor("ZodPipe", (inst, def) => {
    $ZodPipe.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => pipeProcessor(inst, ctx, json, params);
    inst.in = def.in;
    inst.out = def.out;
});
function pipe(in_, out) {
    return new ZodPipe({
        type: "pipe",
        in: in_,
        out: out,
        // ...util.normalizeParams(params),
    });
}
const ZodReadonly = /*@__PURE__*/ $constructor("ZodReadonly", (inst, def) => {
    $ZodReadonly.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => readonlyProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function readonly(innerType) {
    return new ZodReadonly({
        type: "readonly",
        innerType: innerType,
    });
}
const ZodCustom = /*@__PURE__*/ $constructor("ZodCustom", (inst, def) => {
    $ZodCustom.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => customProcessor(inst, ctx, json, params);
});
function refine(fn, _params = {}) {
    return _refine(ZodCustom, fn, _params);
}
// superRefine
function superRefine(fn, params) {
    return _superRefine(fn, params);
}

// Exact parsers for the config's sizes, percentages and durations.
// GB = 10^9 and GiB = 2^30, as on the box of the card: an "80GB" A800 reports 80 GiB.
const SIZE_UNITS = {
    b: 1n,
    kb: 10n ** 3n,
    mb: 10n ** 6n,
    gb: 10n ** 9n,
    tb: 10n ** 12n,
    kib: 2n ** 10n,
    mib: 2n ** 20n,
    gib: 2n ** 30n,
    tib: 2n ** 40n
};
const SIZE_RE = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i;
/**
 * Bytes from `80GiB`, `81920MiB`, `80GB`, `1.5GiB` or a whole number of bytes. A fraction of a
 * byte (`1.2GiB` is 1288490188.8) rounds half up to a whole byte.
 */
function parseSize(input) {
    if (typeof input === 'number') {
        return Number.isSafeInteger(input) && input >= 0 ? { ok: true, value: input } : { ok: false };
    }
    if (typeof input !== 'string')
        return { ok: false };
    const text = input.trim();
    if (/^\d+$/.test(text))
        return parseSize(Number(text));
    const m = SIZE_RE.exec(text);
    if (!m)
        return { ok: false };
    const unit = SIZE_UNITS[m[2].toLowerCase()];
    if (unit === undefined)
        return { ok: false };
    // Exact decimal arithmetic: 1.5GiB is 1610612736 bytes, not a float approximation.
    const [whole, frac = ''] = m[1].split('.');
    const scale = 10n ** BigInt(frac.length);
    const numerator = BigInt(whole + frac) * unit;
    const value = (2n * numerator + scale) / (2n * scale);
    if (value > BigInt(Number.MAX_SAFE_INTEGER))
        return { ok: false };
    return { ok: true, value: Number(value) };
}
/** A fraction from `3%` or `2.5%` (0.03, 0.025). */
function parsePercent(input) {
    if (typeof input !== 'string')
        return { ok: false };
    const m = /^(\d+(?:\.\d+)?)\s*%$/.exec(input.trim());
    if (!m)
        return { ok: false };
    const value = Number(m[1]) / 100;
    return value <= 1 ? { ok: true, value } : { ok: false };
}
const DURATION_UNITS = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
/** Milliseconds from `100ms`, `90s`, `20m`, `1h`, or a combination like `1h30m`. */
function parseDuration(input) {
    if (typeof input !== 'string')
        return { ok: false };
    const text = input.trim().toLowerCase();
    if (text === '')
        return { ok: false };
    const re = /(\d+(?:\.\d+)?)(ms|s|min|m|h)/gy;
    let total = 0;
    let consumed = 0;
    let m;
    while ((m = re.exec(text)) !== null) {
        total += Number(m[1]) * DURATION_UNITS[m[2]];
        consumed = re.lastIndex;
    }
    if (consumed !== text.length)
        return { ok: false };
    return { ok: true, value: Math.round(total) };
}
const GIB$1 = 2 ** 30;
const MIB$2 = 2 ** 20;
/** `71.25 GiB`, `512 MiB`: how the report writes bytes. */
function formatBytes$1(bytes, digits = 2) {
    if (bytes === null || bytes === undefined)
        return 'n/a';
    const sign = bytes < 0 ? '-' : '';
    const abs = Math.abs(bytes);
    if (abs >= GIB$1)
        return `${sign}${(abs / GIB$1).toFixed(digits)} GiB`;
    if (abs >= MIB$2)
        return `${sign}${(abs / MIB$2).toFixed(abs >= 100 * MIB$2 ? 0 : 1)} MiB`;
    if (abs >= 1024)
        return `${sign}${(abs / 1024).toFixed(1)} KiB`;
    return `${sign}${abs} B`;
}
function formatDuration(ms) {
    if (ms === null || ms === undefined)
        return 'n/a';
    if (ms < 1000)
        return `${ms} ms`;
    const s = ms / 1000;
    if (s < 60)
        return `${s.toFixed(1)} s`;
    const m = Math.floor(s / 60);
    const rest = Math.round(s - m * 60);
    if (m < 60)
        return `${m}m ${String(rest).padStart(2, '0')}s`;
    return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

// What the estimator needs to know about a training run: the `estimate:` block of a model in
// the config, and the flags of `oom-gate estimate`. Defaults follow the Sapiens normal configs.
const PRECISIONS = ['fp32', 'fp16-amp', 'bf16-amp', 'bf16'];
const OPTIMIZERS = ['adamw', 'adam', 'sgd', 'sgd-momentum', 'adamw-8bit'];
const ATTENTIONS = ['eager', 'efficient'];
const HEADS = ['sapiens-normal', 'none'];
const OPTIMIZER_IMPLS = ['foreach', 'for-loop', 'fused'];
const positiveInt = number().int().positive();
/**
 * An explicit shape: width (`hidden`), depth (`layers`), heads, the MLP size (`mlp`, or
 * `mlp-ratio` x width; default 4x) and the channels of the Sapiens-style normal head
 * (`head-channels`, default 768), for models the architectures table does not list.
 */
const CustomDimsSchema = object({
    hidden: positiveInt,
    layers: positiveInt,
    heads: positiveInt,
    mlp: positiveInt.optional(),
    'mlp-ratio': number().positive().optional(),
    'head-channels': positiveInt.optional()
})
    .strict()
    .refine(d => d.mlp === undefined || d['mlp-ratio'] === undefined, {
    message: 'give `mlp` (a size) or `mlp-ratio` (a multiple of hidden), not both',
    path: ['mlp-ratio']
});
/** Keys of `dims`, for "did you mean" hints. */
const DIMS_KEYS = ['hidden', 'layers', 'heads', 'mlp', 'mlp-ratio', 'head-channels'];
const sizeField$1 = union([string(), number()]).transform((value, ctx) => {
    const parsed = parseSize(value);
    if (parsed.ok)
        return parsed.value;
    ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is not a size; write 512MiB or a number of bytes`
    });
    return NEVER;
});
const EstimateSpecSchema = object({
    /** A name from the architectures table (sapiens_2b, vit_large...), or custom `dims`. */
    arch: string().optional(),
    dims: CustomDimsSchema.optional(),
    /** `HEIGHTxWIDTH`, e.g. 1024x768 (vision models). */
    image: string()
        .regex(/^\d+x\d+$/, 'write HEIGHTxWIDTH, e.g. 1024x768')
        .optional(),
    /** Sequence length, for text models or to override the token count of an image. */
    tokens: positiveInt.optional(),
    patch: positiveInt.default(16),
    /** Padding of the conv patch embedding; defaults to the architecture's own (2 for Sapiens). */
    padding: number().int().nonnegative().optional(),
    batch: positiveInt.default(1),
    precision: _enum(PRECISIONS).default('fp32'),
    optimizer: _enum(OPTIMIZERS).default('adamw'),
    /**
     * How the optimizer step runs: torch's foreach kernels (the CUDA default since 2.0, one
     * parameter-sized temporary), a per-tensor loop (HF's AdamW, torch < 2.0) or fused kernels.
     */
    'optimizer-impl': _enum(OPTIMIZER_IMPLS).default('foreach'),
    attention: _enum(ATTENTIONS).default('efficient'),
    checkpointing: boolean().default(false),
    /** Shard model states over this many GPUs (FSDP / ZeRO). 1 = no sharding. */
    fsdp: positiveInt.default(1),
    'zero-stage': union([literal(1), literal(2), literal(3)]).default(3),
    /** Data-parallel replicas (DDP keeps a flat gradient bucket copy). */
    ddp: boolean().default(false),
    /** Decode head; defaults to the architecture's own (Sapiens: the normal head). */
    head: _enum(HEADS).optional(),
    /** Dropout (p > 0) on attention probabilities and both residual branches (BERT, GPT). */
    dropout: boolean().default(false),
    /**
     * Stochastic depth (drop path, p > 0) on both residual branches, as timm and ViTPose do it:
     * `x.div(keep) * mask` keeps the scaled branch output for backward, two per layer.
     */
    'drop-path': boolean().default(false),
    /**
     * Gradients stay allocated through the next forward: zero_grad(set_to_none=False) (the
     * default before torch 2.0), or zero_grad() called after the forward.
     */
    'keep-grads': boolean().default(false),
    /** Micro-batches per optimizer step; above 1 the gradients are kept between them. */
    'grad-accumulation': positiveInt.default(1),
    /** Memory outside PyTorch's allocator: CUDA context, kernel images, NCCL (default 0.5 GiB). */
    'cuda-context': sizeField$1.optional(),
    /**
     * The caching allocator's fixed slack (workspaces, small-block pool); default 0.5 GiB. Set 0
     * where memory is not held by PyTorch's CUDA allocator (host-memory toys).
     */
    'allocator-slack': sizeField$1.optional()
})
    .strict()
    .refine(s => s.arch !== undefined || s.dims !== undefined, {
    message: 'needs `arch` (a known architecture) or `dims` ({hidden, layers, heads})',
    path: ['arch']
})
    .refine(s => s.image !== undefined || s.tokens !== undefined, {
    message: 'needs `image` (HEIGHTxWIDTH, e.g. 1024x768) or `tokens` (a sequence length)',
    path: ['image']
});
/** Keys of the `estimate:` block, for "did you mean" hints (the config's KNOWN_KEYS uses this list). */
const ESTIMATE_KEYS = [
    'arch',
    'dims',
    'image',
    'tokens',
    'patch',
    'padding',
    'batch',
    'precision',
    'optimizer',
    'optimizer-impl',
    'attention',
    'checkpointing',
    'fsdp',
    'zero-stage',
    'ddp',
    'head',
    'dropout',
    'drop-path',
    'keep-grads',
    'grad-accumulation',
    'cuda-context',
    'allocator-slack'
];

// The config file (contract 1 in DESIGN.md). Keys are kebab-case as users write them;
// `normalizeConfig` turns the parsed file into the camelCase `Config` the pipeline uses.
/** Sampling faster than 10 ms costs more than it measures; slower than a minute misses whole runs. */
const INTERVAL_RANGE = { minMs: 10, maxMs: 60_000, words: '10ms to 60s' };
/** A run must be allowed to run at all; three days is past any CI job's own limit. */
const TIMEOUT_RANGE = { minMs: 1000, maxMs: 72 * 3_600_000, words: '1s to 72h' };
function durationField(example, range = null) {
    return union([string(), number()]).transform((value, ctx) => {
        const parsed = parseDuration(value);
        if (parsed.ok && range && (parsed.value < range.minMs || parsed.value > range.maxMs)) {
            ctx.addIssue({
                code: 'custom',
                message: `${JSON.stringify(value)} is out of range; allowed: ${range.words} (e.g. ${example})`
            });
            return NEVER;
        }
        if (parsed.ok)
            return parsed.value;
        const hint = typeof value === 'number' ? ` (a bare number has no unit: ${value}s?)` : '';
        ctx.addIssue({
            code: 'custom',
            message: `${JSON.stringify(value)} is not a duration${hint}; write ${example} (ms, s, m or h)`
        });
        return NEVER;
    });
}
function percentField(example) {
    return union([string(), number()]).transform((value, ctx) => {
        const parsed = parsePercent(value);
        if (parsed.ok)
            return parsed.value;
        ctx.addIssue({
            code: 'custom',
            message: `${JSON.stringify(value)} is not a percentage; write ${example}`
        });
        return NEVER;
    });
}
/** A share of the card (`3%`) or an absolute amount (`2GiB`). */
const headroomField = union([string(), number()]).transform((value, ctx) => {
    const percent = parsePercent(value);
    if (percent.ok)
        return { ratio: percent.value, bytes: null };
    const size = parseSize(value);
    if (size.ok)
        return { ratio: null, bytes: size.value };
    ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is neither a percentage nor a size; write 3% or 2GiB`
    });
    return NEVER;
});
const memoryField = union([string(), number()]).transform((value, ctx) => {
    if (value === 'runner')
        return 'runner';
    const parsed = parseSize(value);
    if (parsed.ok && parsed.value > 0)
        return parsed.value;
    ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is not a size; write 80GiB, a number of bytes, or runner (the runner's own card)`
    });
    return NEVER;
});
/** A size of memory that may be 0 (`1GiB`, `0`). */
function sizeField(example) {
    return union([string(), number()]).transform((value, ctx) => {
        const parsed = parseSize(value);
        if (parsed.ok)
            return parsed.value;
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a size; write ${example}` });
        return NEVER;
    });
}
const envValue = union([string(), number(), boolean()]).transform(v => String(v));
const GpuSectionSchema = object({
    memory: memoryField.prefault('runner'),
    headroom: headroomField.prefault('3%')
})
    .strict();
const MeasureSectionSchema = object({
    sampler: _enum(['auto', 'nvidia-smi', 'torch', 'host']).default('auto'),
    interval: durationField('100ms', INTERVAL_RANGE).prefault('100ms'),
    timeout: durationField('20m', TIMEOUT_RANGE).prefault('20m'),
    /** Between SIGTERM and SIGKILL when a run is stopped. */
    grace: durationField('10s').prefault('10s'),
    /** How long to wait for a stopped run's GPU memory to be released. */
    'release-timeout': durationField('60s').prefault('60s'),
    /** GPU indices this runner may use (default: all it has). */
    gpus: array(number().int().nonnegative()).min(1).optional(),
    /** End a run once its peak has not grown for this long (early stop). */
    settle: durationField('60s', {
        minMs: 1,
        maxMs: Number.MAX_SAFE_INTEGER,
        words: 'more than 0s'
    }).optional(),
    'min-duration': durationField('2m').prefault('0s'),
    /** Measure each model this many times and record the spread. */
    repeat: number().int().min(1).max(20).default(1),
    /** torch memory snapshot: record allocation history, dump on OOM/at-risk (or at the peak: always). */
    snapshot: _enum(['off', 'on-failure', 'always']).default('on-failure'),
    /**
     * memory.used under which a GPU with no compute process counts as idle: a desktop's display
     * (graphics processes are not compute apps) or driver-reserved memory stays below it.
     */
    'gpu-idle': sizeField('1GiB').prefault('1GiB'),
    /** How long to wait, before each model, for a GPU another job holds to become free. */
    'gpu-wait': durationField('2m').prefault('2m')
})
    .strict();
const RegressionSectionSchema = object({
    threshold: percentField('5%').prefault('5%')
})
    .strict();
const HistorySectionSchema = object({
    branch: string().min(1).default('oom-gate-data'),
    /** Pushes to these branches write history (default: the repository's default branch). */
    branches: array(string().min(1)).optional(),
    limit: number().int().min(1).default(500),
    alert: _enum(['commit-comment', 'issue', 'none']).default('commit-comment'),
    mention: array(string().regex(/^@?[A-Za-z0-9-/]+$/, 'a GitHub user or team, e.g. @octocat'))
        .default([])
})
    .strict();
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ModelEntrySchema = object({
    name: string().regex(MODEL_NAME, 'use letters, digits, ".", "_" and "-" (it names files and badges)'),
    run: string()
        .trim()
        .min(1, 'is empty; write the shell command that runs the smoke fine-tune (nothing run is nothing measured)'),
    cwd: string().optional(),
    env: record(string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not a valid environment variable name'), envValue)
        .optional(),
    gpus: number().int().min(1).default(1),
    expect: _enum(['fit', 'oom']).default('fit'),
    timeout: durationField('20m', TIMEOUT_RANGE).optional(),
    /** Globs of the files this model depends on; unchanged paths let a PR reuse the base's result. */
    paths: array(string().min(1)).optional(),
    'regression-threshold': percentField('5%').optional(),
    estimate: EstimateSpecSchema.optional()
})
    .strict();
const ConfigObjectSchema = object({
    gpu: GpuSectionSchema.prefault({}),
    measure: MeasureSectionSchema.prefault({}),
    regression: RegressionSectionSchema.prefault({}),
    history: HistorySectionSchema.prefault({}),
    models: array(ModelEntrySchema).min(1, 'list at least one model to measure')
})
    .strict();
const ConfigFileSchema = ConfigObjectSchema.superRefine((file, ctx) => {
    const seen = new Map();
    file.models.forEach((model, i) => {
        const first = seen.get(model.name);
        if (first !== undefined) {
            ctx.addIssue({
                code: 'custom',
                path: ['models', i, 'name'],
                message: `"${model.name}" is already the name of models[${first}]; names must be unique`
            });
        }
        else
            seen.set(model.name, i);
    });
});
/** Known keys per object path, for "did you mean" hints. `*` stands for an array index. */
const KNOWN_KEYS = {
    '': Object.keys(ConfigObjectSchema.shape),
    gpu: Object.keys(GpuSectionSchema.shape),
    measure: Object.keys(MeasureSectionSchema.shape),
    regression: Object.keys(RegressionSectionSchema.shape),
    history: Object.keys(HistorySectionSchema.shape),
    'models.*': Object.keys(ModelEntrySchema.shape),
    'models.*.estimate': [...ESTIMATE_KEYS],
    'models.*.estimate.dims': [...DIMS_KEYS]
};
function normalizeConfig(file, path, lines) {
    return {
        path,
        gpu: file.gpu,
        measure: {
            sampler: file.measure.sampler,
            intervalMs: file.measure.interval,
            timeoutMs: file.measure.timeout,
            graceMs: file.measure.grace,
            releaseTimeoutMs: file.measure['release-timeout'],
            gpus: file.measure.gpus ?? null,
            settleMs: file.measure.settle ?? null,
            minDurationMs: file.measure['min-duration'],
            repeat: file.measure.repeat,
            snapshot: file.measure.snapshot,
            gpuIdleBytes: file.measure['gpu-idle'],
            gpuWaitMs: file.measure['gpu-wait']
        },
        regression: file.regression,
        history: { ...file.history, branches: file.history.branches ?? null },
        models: file.models.map((m, i) => ({
            name: m.name,
            run: m.run,
            cwd: m.cwd ?? null,
            env: m.env ?? {},
            gpus: m.gpus,
            expect: m.expect,
            timeoutMs: m.timeout ?? null,
            paths: m.paths ?? null,
            regressionThreshold: m['regression-threshold'] ?? null,
            estimate: m.estimate ?? null,
            line: lines[i] ?? null
        }))
    };
}
/** Bytes above which a finished run is at risk: memory minus headroom. */
function limitBytes(memoryBytes, headroom) {
    const reserve = headroom.bytes ?? Math.round(memoryBytes * (headroom.ratio ?? 0));
    return Math.max(0, memoryBytes - reserve);
}

// Reads and validates the config file. Every problem becomes one line that names the
// file, the key path, what was wrong and the form expected; no stack traces for user errors.
const DEFAULT_CONFIG_PATH = '.github/oom-gate.yml';
/** A problem the user can fix in their input; the CLI exits 2 and prints `problems`, one per line. */
class UsageError extends Error {
    problems;
    constructor(problems) {
        super(problems.join('\n'));
        this.problems = problems;
        this.name = 'UsageError';
    }
}
function loadConfig(path = DEFAULT_CONFIG_PATH) {
    let text;
    try {
        text = readFileSync(path, 'utf8');
    }
    catch (error) {
        const code = error.code;
        const why = code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`;
        throw new UsageError([`${path}: ${why}; create it (see README: "Configure") or pass --config PATH`]);
    }
    return parseConfig(text, path);
}
function parseConfig(text, path) {
    const lineCounter = new distExports.LineCounter();
    const doc = distExports.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new UsageError(doc.errors.map(e => {
            const pos = e.pos[0] !== undefined ? lineCounter.linePos(e.pos[0]) : null;
            const where = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
            return `${path}: ${where}not valid YAML: ${e.message.split('\n')[0]}`;
        }));
    }
    const raw = doc.toJS();
    if (raw === null || raw === undefined) {
        throw new UsageError([`${path}: the file is empty; it needs at least a models: list`]);
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) {
        throw new UsageError([`${path}: expected a mapping of keys (gpu:, measure:, models:) at the top`]);
    }
    const parsed = ConfigFileSchema.safeParse(raw);
    if (!parsed.success) {
        throw new UsageError(formatIssues(parsed.error.issues, raw, path, doc));
    }
    const models = doc.get('models', true);
    const lines = distExports.isSeq(models) ? models.items.map(item => lineOf(item, lineCounter)) : [];
    return normalizeConfig(parsed.data, path, lines);
}
function lineOf(node, counter) {
    const offset = node?.range?.[0];
    return offset === undefined ? null : counter.linePos(offset).line;
}
/** One line per problem, in the order the problems appear in the file. */
function formatIssues(issues, raw, file, doc) {
    const found = [];
    for (const issue of issues) {
        const path = issue.path
            .map(p => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
            .join('')
            .replace(/^\./, '');
        const messages = describe(issue, path, valueAt(raw, issue.path));
        const keys = issue.code === 'unrecognized_keys' ? issue.keys.map(k => [...issue.path, k]) : [issue.path];
        messages.forEach((msg, i) => found.push({ offset: offsetOf(doc, keys[i] ?? issue.path), line: `${file}: ${msg}` }));
    }
    found.sort((a, b) => a.offset - b.offset);
    return [...new Set(found.map(f => f.line))];
}
/** Where a path starts in the source: the key itself for map entries, else the nearest ancestor. */
function offsetOf(doc, path) {
    for (let depth = path.length; depth > 0; depth--) {
        const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
        const key = path[depth - 1];
        if (distExports.isMap(parent)) {
            const pair = parent.items.find(p => distExports.isScalar(p.key) && p.key.value === key);
            const start = pair?.key?.range?.[0];
            if (start !== undefined)
                return start;
        }
        else if (distExports.isSeq(parent) && typeof key === 'number') {
            const start = parent.items[key]?.range?.[0];
            if (start !== undefined)
                return start;
        }
    }
    return Number.MAX_SAFE_INTEGER;
}
function describe(issue, path, value) {
    const at = path === '' ? '' : `${path}: `;
    switch (issue.code) {
        case 'unrecognized_keys': {
            const known = KNOWN_KEYS[issue.path.map(p => (typeof p === 'number' ? '*' : String(p))).join('.')] ?? [];
            return issue.keys.map(key => {
                const full = path === '' ? key : `${path}.${key}`;
                const guess = closestName(key, known);
                const hint = guess ? `did you mean "${guess}"?` : `valid keys are ${known.join(', ')}`;
                return `${full}: unknown key; ${hint}`;
            });
        }
        case 'invalid_type': {
            if (value === undefined)
                return [`${at}missing; it is required`];
            return [`${at}${JSON.stringify(value)} is not ${article(issue.expected)}`];
        }
        case 'invalid_value':
            return [
                `${at}${JSON.stringify(value)} is not allowed; write one of ${issue.values.map(v => String(v)).join(', ')}`
            ];
        case 'invalid_union': {
            // Our unions are string|number fields whose transforms carry the real message.
            if (value === undefined)
                return [`${at}missing; it is required`];
            return [`${at}${JSON.stringify(value)} is not valid here`];
        }
        default:
            return [`${at}${issue.message}`];
    }
}
function article(expected) {
    const noun = expected === 'record' ? 'mapping' : expected === 'array' ? 'list' : expected;
    return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
function valueAt(raw, path) {
    let node = raw;
    for (const key of path) {
        if (node === null || typeof node !== 'object')
            return undefined;
        node = node[key];
    }
    return node;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
function interruptOnSignals(warn) {
    const abort = new AbortController();
    const hurry = new AbortController();
    let interrupts = 0;
    const onSignal = (signal) => {
        interrupts++;
        if (interrupts === 1) {
            warn(`oom-gate: ${signal}: stopping the running model; results measured so far are kept`);
            abort.abort();
        }
        else if (interrupts === 2) {
            warn(`oom-gate: ${signal} again: killing the running model now, then writing the results`);
            hurry.abort();
        }
        else {
            process.exit(130);
        }
    };
    for (const s of SIGNALS)
        process.on(s, onSignal);
    return {
        signal: abort.signal,
        hurry: hurry.signal,
        dispose: () => {
            for (const s of SIGNALS)
                process.off(s, onSignal);
        }
    };
}

// Known transformer shapes. Vision entries embed images with a conv patch embedding; text
// entries embed tokens from a vocabulary. Sources are cited per entry (docs/estimator.md).
/** VitNormalHead `channels=768` in every seg/configs/sapiens_normal config. */
const SAPIENS_HEAD_CHANNELS = 768;
const VIT_PAPER = 'Dosovitskiy et al. 2021, Table 1 (arXiv:2010.11929)';
const SAPIENS_ZOO = 'facebookresearch/sapiens pretrain/mmpretrain/models/backbones/vision_transformer.py arch_zoo';
function vit(name, hidden, layers, heads, patch, smaller, source) {
    return {
        name,
        kind: 'vision',
        hidden,
        layers,
        heads,
        mlp: 4 * hidden,
        patch,
        padding: 0,
        clsToken: true,
        head: 'none',
        headChannels: SAPIENS_HEAD_CHANNELS,
        vocab: 0,
        maxPositions: 0,
        tokenTypes: 0,
        smaller,
        source
    };
}
function sapiens(name, hidden, layers, heads, smaller) {
    // Sapiens configs: with_cls_token=False, patch_cfg padding=2, VitNormalHead decode head.
    return {
        ...vit(name, hidden, layers, heads, 16, smaller, SAPIENS_ZOO),
        padding: 2,
        clsToken: false,
        head: 'sapiens-normal'
    };
}
function bert(name, hidden, layers, heads, smaller) {
    return {
        ...vit(name, hidden, layers, heads, 1, smaller, 'Devlin et al. 2019, section 3 (arXiv:1810.04805); bert-*-uncased config.json'),
        kind: 'text',
        clsToken: false,
        vocab: 30522,
        maxPositions: 512,
        tokenTypes: 2
    };
}
const LIST = [
    vit('vit_tiny', 192, 12, 3, 16, null, 'Touvron et al. 2021 (DeiT-Ti), timm vit_tiny_patch16_224'),
    vit('vit_small', 384, 12, 6, 16, 'vit_tiny', 'Touvron et al. 2021 (DeiT-S), timm vit_small_patch16_224'),
    vit('vit_base', 768, 12, 12, 16, 'vit_small', VIT_PAPER),
    vit('vit_large', 1024, 24, 16, 16, 'vit_base', VIT_PAPER),
    vit('vit_huge', 1280, 32, 16, 14, 'vit_large', VIT_PAPER),
    // ViT-g/14: width 1408, depth 40, MLP 6144 (= 4.36h), 16 heads.
    {
        ...vit('vit_giant', 1408, 40, 16, 14, 'vit_huge', 'Zhai et al. 2022, Table 2 (arXiv:2106.04560); timm vit_giant_patch14_224'),
        mlp: 6144
    },
    sapiens('sapiens_0.3b', 1024, 24, 16, null),
    sapiens('sapiens_0.6b', 1280, 32, 16, 'sapiens_0.3b'),
    sapiens('sapiens_1b', 1536, 40, 24, 'sapiens_0.6b'),
    sapiens('sapiens_2b', 1920, 48, 32, 'sapiens_1b'),
    bert('bert_base', 768, 12, 12, null),
    bert('bert_large', 1024, 24, 16, 'bert_base')
];
const ARCHITECTURES = Object.fromEntries(LIST.map(a => [a.name, a]));
const ARCHITECTURE_NAMES = LIST.map(a => a.name);
function findArchitecture(name) {
    return ARCHITECTURES[name.toLowerCase()];
}
/** The MLP size of `dims`: `mlp`, else round(`mlp-ratio` x hidden), else 4 x hidden. */
function mlpSize(dims) {
    if (dims.mlp !== undefined)
        return dims.mlp;
    return Math.round((dims['mlp-ratio'] ?? 4) * dims.hidden);
}
/**
 * `dims` applied to a base architecture: the shape (width, depth, heads, MLP, head channels)
 * from `dims`, the rest (kind, patch, padding, class token, head) from `base`.
 */
function withDims(base, dims, name) {
    return {
        ...base,
        name,
        hidden: dims.hidden,
        layers: dims.layers,
        heads: dims.heads,
        mlp: mlpSize(dims),
        headChannels: dims['head-channels'] ?? base.headChannels,
        smaller: null
    };
}
/** A custom vision transformer from `dims` (no class token, no head, patch padding 0 unless set). */
function customArchitecture(dims) {
    return withDims({ ...vit('custom', dims.hidden, dims.layers, dims.heads, 16, null, 'custom dims'), clsToken: false }, dims, 'custom');
}

function isMixed(precision) {
    return precision === 'fp16-amp' || precision === 'bf16-amp';
}
/** Bytes of optimizer state per parameter held in a dtype of `stateBytes` bytes. */
function optimizerBytesPerParam(optimizer, stateBytes) {
    switch (optimizer) {
        case 'adam':
        case 'adamw':
            return 2 * stateBytes;
        case 'sgd-momentum':
            return stateBytes;
        case 'sgd':
            return 0;
        case 'adamw-8bit':
            // bitsandbytes: two uint8 states plus one fp32 absmax per 2048-value block per state.
            // Tensors under 4096 values keep 32-bit states; they are a negligible share of a ViT.
            return 2 + (2 * 4) / 2048;
    }
}
/**
 * Adam(W) builds sqrt(v) + eps before its update: torch's foreach kernels (the CUDA default
 * since 2.0) for every parameter of a group at once, a per-tensor loop for one tensor at a
 * time, fused kernels not at all. SGD updates in place; bitsandbytes works block by block.
 */
function temporaryValues(optimizer, impl, params, largestTensor) {
    if (optimizer !== 'adam' && optimizer !== 'adamw')
        return 0;
    if (impl === 'fused')
        return 0;
    return impl === 'foreach' ? params : largestTensor;
}
function modelStateBytes(params, opts) {
    const temporaries = temporaryValues(opts.optimizer, opts.impl ?? 'foreach', params, opts.largestTensor ?? params);
    const k = opts.shards;
    const shards = {
        optimizer: k > 1 ? k : 1,
        gradients: k > 1 && opts.zeroStage >= 2 ? k : 1,
        weights: k > 1 && opts.zeroStage >= 3 ? k : 1
    };
    const pure16 = opts.precision === 'bf16';
    const mixed = isMixed(opts.precision);
    if (mixed && k > 1) {
        // ZeRO: 2 (fp16 weights) + 2 (fp16 grads) + K (fp32 master 4 + optimizer states).
        return {
            weights: (2 * params) / shards.weights,
            masterWeights: (4 * params) / shards.optimizer,
            gradients: (2 * params) / shards.gradients,
            optimizerStates: (optimizerBytesPerParam(opts.optimizer, 4) * params) / shards.optimizer,
            optimizerTemporaries: (4 * temporaries) / shards.optimizer,
            gradientBytesPerParam: 2,
            shards
        };
    }
    // PyTorch: parameters and their gradients share a dtype; optimizer states follow it.
    // AMP keeps fp32 parameters (its 16-bit weight copies are counted with the activations).
    const paramBytes = pure16 ? 2 : 4;
    return {
        weights: (paramBytes * params) / shards.weights,
        masterWeights: 0,
        gradients: (paramBytes * params) / shards.gradients,
        optimizerStates: (optimizerBytesPerParam(opts.optimizer, paramBytes) * params) / shards.optimizer,
        optimizerTemporaries: (paramBytes * temporaries) / shards.optimizer,
        gradientBytesPerParam: paramBytes,
        shards
    };
}

/** Parameters of one layer: qkv 3h^2+3h, proj h^2+h, fc1 hm+m, fc2 mh+h, two LayerNorms 4h. */
function layerParams(hidden, mlp) {
    return 4 * hidden * hidden + 2 * hidden * mlp + 9 * hidden + mlp;
}
/**
 * Bytes of the tensors the forward saves: `act` is the dtype of matmul inputs/outputs, `resid`
 * the residual stream LayerNorms read (fp32 under AMP: fp32 + fp16 promotes to fp32).
 */
function dtypeBytes(precision) {
    if (precision === 'fp32')
        return { act: 4, resid: 4 };
    if (precision === 'bf16')
        return { act: 2, resid: 2 };
    return { act: 2, resid: 4 };
}
/**
 * SDPA only takes its fused kernels when the head dimension is aligned (sdp_utils.cpp:
 * check_head_dim_size_mem_efficient, 16-byte alignment: 4 fp32 or 8 half values; flash needs
 * a multiple of 8); otherwise it silently runs the math path, which materialises s^2 scores.
 */
function resolveAttention(requested, headDim, precision) {
    if (requested === 'eager')
        return 'eager';
    const alignment = precision === 'fp32' ? 4 : 8;
    return headDim % alignment === 0 ? 'efficient' : 'math';
}
function layerActivations(shape, precision, path, dropout, dropPath = false) {
    const { tokens: s, batch: b, hidden: h, mlp: m, heads: a } = shape;
    const { act, resid } = dtypeBytes(precision);
    const sbh = s * b * h;
    const sbm = s * b * m;
    // LN1 input, qkv input, q/k/v (one buffer), attention output = proj input, LN2 input,
    // fc1 input, GELU input (fc1 output), fc2 input (GELU output). 16 sbh elements when m = 4h.
    let linear = resid * sbh + act * sbh + 3 * act * sbh + act * sbh + resid * sbh + act * sbh + 2 * act * sbm;
    if (dropout)
        linear += 2 * sbh; // 1-byte masks after the projection and after fc2
    // timm's drop_path: `x.div(keep) * mask` saves the scaled branch output (the residual's dtype).
    if (dropPath)
        linear += 2 * resid * sbh;
    if (path === 'math')
        linear += 2 * act * sbh; // the math kernel saves scaled copies of q and k
    const s2 = a * s * s * b;
    let scores;
    if (path === 'efficient') {
        scores = 4 * a * s * b; // fp32 logsumexp per row
    }
    else if (path === 'math') {
        scores = act * s2 + (dropout ? (1 + act) * s2 : 0);
    }
    else if (isMixed(precision)) {
        // Python softmax under autocast runs in fp32 (saved), then attn @ v saves a 16-bit cast.
        scores = (4 + 2) * s2 + (dropout ? 1 * s2 : 0);
    }
    else {
        scores = act * s2 + (dropout ? (1 + act) * s2 : 0);
    }
    return { linear, scores };
}
/** One layer's extra live bytes while its backward runs (incoming/outgoing grads, the largest op). */
function layerBackwardTransient(shape, precision, path) {
    const { tokens: s, batch: b, hidden: h, mlp: m, heads: a } = shape;
    const { act, resid } = dtypeBytes(precision);
    const residualGrads = 2 * resid * s * b * h;
    const mlpGrads = 2 * act * s * b * m;
    const scoreBytes = isMixed(precision) && path === 'eager' ? 4 : act;
    const attentionGrads = path === 'efficient' ? 3 * act * s * b * h : 2 * scoreBytes * a * s * s * b;
    return residualGrads + Math.max(mlpGrads, attentionGrads);
}
/** The transient of the forward: the pre-softmax scores of the layer being computed. */
function layerForwardTransient(shape, precision, path) {
    if (path === 'efficient')
        return 0;
    const { tokens: s, batch: b, heads: a } = shape;
    return dtypeBytes(precision).act * a * s * s * b;
}
// ---- Sapiens VitNormalHead (seg/mmseg/models/decode_heads/vit_normal_head.py) ----
// Three ConvTranspose2d(k4, s2, p1) each doubling the grid, three 1x1 convs, all 768 channels,
// each followed by InstanceNorm2d and SiLU(inplace); then Dropout2d(0.1) and a 1x1 conv to 3.
const SAPIENS_HEAD = { channels: 768, deconvs: 3, convs: 3, classes: 3, kernel: 4 };
function sapiensHeadParams(inChannels, channels = SAPIENS_HEAD.channels) {
    const { deconvs, convs, classes, kernel } = SAPIENS_HEAD;
    const c = channels;
    const k2 = kernel * kernel;
    const deconv = inChannels * c * k2 + (deconvs - 1) * c * c * k2; // bias=False
    const conv = convs * (c * c + c);
    return deconv + conv + c * classes + classes;
}
/**
 * Saved tensors in units of one full-resolution map (768 x 8rows x 8cols per image): each
 * conv/deconv + InstanceNorm + in-place SiLU stage keeps 3 maps (the conv output InstanceNorm
 * saves, the copy autograd keeps of SiLU's input, SiLU's result the next conv saves), the last
 * conv stage 2 (Dropout2d saves only its per-channel mask), plus the dropout output conv_seg
 * saves. Stages at 2x and 4x are 1/16 and 1/4 of a full map: 3/16 + 3/4 + 3 + 3 + 3 + 2 + 1.
 */
const SAPIENS_HEAD_SAVED_MAPS = 3 / 16 + 3 / 4 + 3 * 3 + 2 + 1;
function sapiensHeadActivations(grid, image, batch, precision, channels = SAPIENS_HEAD.channels) {
    const { act } = dtypeBytes(precision);
    const up = 2 ** SAPIENS_HEAD.deconvs;
    const fullMap = channels * grid.rows * up * grid.cols * up * batch * act;
    // The loss upsamples 3-channel logits to the image and keeps a few fp32 maps of that size.
    const loss = image ? 4 * SAPIENS_HEAD.classes * image.height * image.width * batch * 4 : 0;
    return { saved: SAPIENS_HEAD_SAVED_MAPS * fullMap + loss, transient: 2 * fullMap };
}
/** Patch-embedding input, final LayerNorm input and the head's input feature map. */
function embeddingActivations(arch, shape, image, precision, head, dropout) {
    const { act, resid } = dtypeBytes(precision);
    const sbh = shape.tokens * shape.batch * shape.hidden;
    if (arch.kind === 'text')
        return resid * sbh + (dropout ? sbh : 0);
    const pixels = image ? 3 * image.height * image.width * shape.batch * act : 0;
    return pixels + resid * sbh + (head === 'none' ? 0 : act * sbh);
}

// The token grid a convolutional patch embedding produces (kernel = stride = patch, zero
// padding on every side), exactly as torch.nn.Conv2d computes its output size.
/** floor((H + 2*pad - p) / p) + 1 rows, the same for columns: 1024x768 p16 pad2 -> 64x48. */
function tokenGrid(height, width, patch, padding) {
    for (const [name, value] of [
        ['height', height],
        ['width', width],
        ['patch', patch]
    ]) {
        if (!Number.isInteger(value) || value <= 0)
            throw new Error(`${name} must be a positive integer, got ${value}`);
    }
    if (!Number.isInteger(padding) || padding < 0) {
        throw new Error(`padding must be a non-negative integer, got ${padding}`);
    }
    const side = (size, label) => {
        const padded = size + 2 * padding;
        if (padded < patch) {
            throw new Error(`the image ${label} ${size} (+2x${padding} padding) is smaller than the patch ${patch}`);
        }
        return Math.floor((padded - patch) / patch) + 1;
    };
    const rows = side(height, 'height');
    const cols = side(width, 'width');
    return { rows, cols, tokens: rows * cols };
}
/** `1024x768` -> {height: 1024, width: 768}. */
function parseImageSize(text) {
    const m = /^(\d+)x(\d+)$/.exec(text.trim());
    if (!m)
        return null;
    const height = Number(m[1]);
    const width = Number(m[2]);
    return height > 0 && width > 0 ? { height, width } : null;
}

// Peak GPU memory of one training step, per GPU: model states, the activations saved for
// backward, the transients of the op running at the peak, the CUDA context and the caching
// allocator's slack. The step is walked as a timeline (forward end, head backward, first and
// last layer backward, optimizer step) and the largest point is the peak; the breakdown lists
// every term at that point. Formulas and sources: docs/estimator.md.
const GIB = 2 ** 30;
/** Outside PyTorch's allocator: context and kernel images with lazy loading (torch >= 2, CUDA >= 11.7). */
const DEFAULT_CUDA_CONTEXT_BYTES = 0.5 * GIB;
/** NCCL communicators and their buffers, added when the run is distributed. */
const NCCL_BYTES = 0.25 * GIB;
/**
 * Caching-allocator slack (reserved - allocated): a fixed part (cuBLAS/cuDNN workspaces, the
 * small-block pool) and a share of the bytes allocated and freed every step. Both constants
 * are fitted to the published measurements in docs/estimator.md.
 */
const SLACK_FIXED_BYTES = 0.5 * GIB;
const SLACK_RATIO = 0.08;
const BREAKDOWN_TERMS = [
    'weights',
    'masterWeights',
    'ampWeightCopies',
    'gradients',
    'optimizerStates',
    'ddpBuckets',
    'fsdpGathered',
    'inputActivations',
    'layerActivations',
    'attentionScores',
    'headActivations',
    'transient',
    'cudaContext',
    'allocatorSlack'
];
const TERM_LABELS = {
    weights: 'weights',
    masterWeights: 'fp32 master weights',
    ampWeightCopies: 'AMP 16-bit weight copies',
    gradients: 'gradients',
    optimizerStates: 'optimizer states',
    ddpBuckets: 'DDP gradient buckets',
    fsdpGathered: 'FSDP gathered layers',
    inputActivations: 'embedding/input activations',
    layerActivations: 'transformer layer activations',
    attentionScores: 'attention scores (s^2)',
    headActivations: 'decode head activations',
    transient: 'transient at the peak',
    cudaContext: 'CUDA context + NCCL',
    allocatorSlack: 'allocator slack'
};
function resolve(spec) {
    let arch;
    if (spec.arch !== undefined) {
        const found = findArchitecture(spec.arch);
        if (!found) {
            throw new Error(`unknown architecture "${spec.arch}"; known: ${ARCHITECTURE_NAMES.join(', ')} (or give dims)`);
        }
        // dims next to an arch name override its shape and keep the rest (patch, padding, head).
        arch = spec.dims ? withDims(found, spec.dims, `${found.name} (custom dims)`) : found;
    }
    else if (spec.dims) {
        arch = customArchitecture(spec.dims);
    }
    else {
        throw new Error('needs an architecture name or custom dims');
    }
    if (arch.hidden % arch.heads !== 0) {
        throw new Error(`hidden size ${arch.hidden} is not divisible by ${arch.heads} heads`);
    }
    const head = spec.head ?? arch.head;
    const image = spec.image !== undefined ? parseImageSize(spec.image) : null;
    if (spec.image !== undefined && image === null)
        throw new Error(`image "${spec.image}" is not HEIGHTxWIDTH`);
    if (arch.kind === 'text') {
        if (spec.tokens === undefined)
            throw new Error(`${arch.name} is a text model; give tokens (the sequence length)`);
        if (spec.tokens > arch.maxPositions) {
            throw new Error(`${arch.name} takes at most ${arch.maxPositions} tokens, got ${spec.tokens}`);
        }
        if (head !== 'none')
            throw new Error(`the ${head} head needs an image model`);
        return { arch, grid: null, image: null, tokens: spec.tokens, head };
    }
    const padding = spec.padding ?? arch.padding;
    const grid = image ? tokenGrid(image.height, image.width, spec.patch, padding) : null;
    const tokens = spec.tokens ?? grid.tokens + (arch.clsToken ? 1 : 0);
    if (head === 'sapiens-normal' && grid === null)
        throw new Error('the sapiens-normal head needs image (HEIGHTxWIDTH)');
    return { arch, grid: grid ? { rows: grid.rows, cols: grid.cols } : null, image, tokens, head };
}
function embeddingParams(r, patch) {
    const { arch, tokens } = r;
    const h = arch.hidden;
    if (arch.kind === 'text') {
        // word, position and token-type tables, embedding LayerNorm, pooler
        return (arch.vocab + arch.maxPositions + arch.tokenTypes) * h + 2 * h + h * h + h;
    }
    // conv patch embedding, learned positions (one per token), class token, final LayerNorm
    return 3 * patch * patch * h + h + tokens * h + (arch.clsToken ? h : 0) + 2 * h;
}
function estimatePeak(spec) {
    const r = resolve(spec);
    const { arch, tokens } = r;
    const notes = [];
    const headDim = arch.hidden / arch.heads;
    const path = resolveAttention(spec.attention, headDim, spec.precision);
    if (spec.attention === 'efficient' && path === 'math') {
        notes.push(`head dim ${headDim} is not a multiple of ${spec.precision === 'fp32' ? 4 : 8}: SDPA's fused kernels refuse it and the math path stores s^2 scores`);
    }
    const L = arch.layers;
    const perLayerParams = layerParams(arch.hidden, arch.mlp);
    const paramsHead = r.head === 'sapiens-normal' ? sapiensHeadParams(arch.hidden, arch.headChannels) : 0;
    const params = L * perLayerParams + embeddingParams(r, spec.patch) + paramsHead;
    const shards = spec.fsdp;
    const stage = spec['zero-stage'];
    const largestTensor = Math.max(arch.hidden * arch.mlp, 3 * arch.hidden * arch.hidden, arch.vocab * arch.hidden, r.head === 'sapiens-normal' ? arch.hidden * arch.headChannels * SAPIENS_HEAD.kernel ** 2 : 0);
    const states = modelStateBytes(params, {
        precision: spec.precision,
        optimizer: spec.optimizer,
        shards,
        zeroStage: stage,
        impl: spec['optimizer-impl'],
        largestTensor
    });
    const mixed = isMixed(spec.precision);
    if (spec.ddp && shards > 1)
        notes.push('ddp is ignored with fsdp > 1 (sharded gradients need no DDP buckets)');
    const ddpBuckets = spec.ddp && shards === 1 ? params * states.gradientBytesPerParam : 0;
    const keepGrads = spec['keep-grads'] || spec['grad-accumulation'] > 1;
    const gradPerLayer = (states.gradients * perLayerParams) / params;
    const gradHead = (states.gradients * paramsHead) / params;
    // FSDP full sharding gathers one unit (a layer) ahead: two layers of compute-dtype weights,
    // plus one layer of unsharded gradients before its reduce-scatter.
    const computeBytes = spec.precision === 'fp32' ? 4 : 2;
    const fsdpParams = shards > 1 && stage === 3 ? 2 * perLayerParams * computeBytes : 0;
    const fsdpGrads = shards > 1 && stage === 3 ? perLayerParams * states.gradientBytesPerParam : 0;
    const shape = {
        tokens,
        batch: spec.batch,
        hidden: arch.hidden,
        mlp: arch.mlp,
        heads: arch.heads
    };
    const full = layerActivations(shape, spec.precision, path, spec.dropout, spec['drop-path']);
    const { resid } = dtypeBytes(spec.precision);
    // Checkpointing keeps each layer's input and recomputes one layer at a time in backward.
    const saved = spec.checkpointing ? { linear: resid * tokens * spec.batch * arch.hidden, scores: 0 } : full;
    // torch.autocast caches a 16-bit copy of each weight; autograd keeps it until that layer's
    // backward. Sharded mixed precision holds 16-bit weights in `weights` instead.
    const ampCopies = mixed && shards === 1;
    const copiesPerLayer = ampCopies ? 2 * perLayerParams : 0;
    const copiesHead = ampCopies ? 2 * paramsHead : 0;
    const inputActs = embeddingActivations(arch, shape, r.image, spec.precision, r.head, spec.dropout);
    const head = r.head === 'sapiens-normal' && r.grid
        ? sapiensHeadActivations(r.grid, r.image, spec.batch, spec.precision, arch.headChannels)
        : { saved: 0, transient: 0 };
    const recompute = spec.checkpointing ? full.linear + full.scores + copiesPerLayer : 0;
    const backwardTransient = layerBackwardTransient(shape, spec.precision, path) + recompute;
    if (spec.checkpointing && mixed)
        notes.push('with checkpointing, autocast weight copies live only until the forward ends');
    const persistent = {
        weights: states.weights,
        masterWeights: states.masterWeights,
        optimizerStates: states.optimizerStates,
        ddpBuckets
    };
    const at = (p) => ({
        ...persistent,
        ampWeightCopies: 0,
        gradients: keepGrads ? states.gradients : 0,
        fsdpGathered: 0,
        inputActivations: 0,
        layerActivations: 0,
        attentionScores: 0,
        headActivations: 0,
        transient: 0,
        ...p
    });
    const liveGrads = (layersDone) => keepGrads ? states.gradients : gradHead + layersDone * gradPerLayer;
    const stages = {
        'forward-end': at({
            ampWeightCopies: L * copiesPerLayer + copiesHead,
            fsdpGathered: fsdpParams,
            inputActivations: inputActs,
            layerActivations: L * saved.linear,
            attentionScores: L * saved.scores,
            headActivations: head.saved,
            transient: spec.checkpointing ? 0 : layerForwardTransient(shape, spec.precision, path)
        }),
        'head-backward': at({
            ampWeightCopies: (spec.checkpointing ? 0 : L * copiesPerLayer) + copiesHead,
            gradients: liveGrads(0),
            fsdpGathered: fsdpParams + fsdpGrads,
            inputActivations: inputActs,
            layerActivations: L * saved.linear,
            attentionScores: L * saved.scores,
            headActivations: head.saved,
            transient: head.transient
        }),
        'last-layer-backward': at({
            ampWeightCopies: spec.checkpointing ? 0 : L * copiesPerLayer,
            gradients: liveGrads(1),
            fsdpGathered: fsdpParams + fsdpGrads,
            inputActivations: inputActs,
            layerActivations: L * saved.linear,
            attentionScores: L * saved.scores,
            transient: backwardTransient
        }),
        'first-layer-backward': at({
            ampWeightCopies: spec.checkpointing ? 0 : copiesPerLayer,
            gradients: liveGrads(L),
            fsdpGathered: fsdpParams + fsdpGrads,
            inputActivations: inputActs,
            layerActivations: saved.linear,
            attentionScores: saved.scores,
            transient: backwardTransient
        }),
        'optimizer-step': at({ gradients: states.gradients, transient: states.optimizerTemporaries })
    };
    const sum = (t) => Object.values(t).reduce((a, b) => a + b, 0);
    let peakStage = 'forward-end';
    for (const name of Object.keys(stages)) {
        if (sum(stages[name]) > sum(stages[peakStage]))
            peakStage = name;
    }
    const terms = stages[peakStage];
    const allocated = sum(terms);
    const distributed = spec.ddp || shards > 1;
    const cudaContext = (spec['cuda-context'] ?? DEFAULT_CUDA_CONTEXT_BYTES) + (distributed ? NCCL_BYTES : 0);
    // Slack grows with what is allocated and freed every step; model states are allocated once.
    const states0 = terms.weights + terms.masterWeights + terms.optimizerStates + terms.ddpBuckets + terms.gradients;
    const allocatorSlack = (spec['allocator-slack'] ?? SLACK_FIXED_BYTES) + SLACK_RATIO * (allocated - states0);
    const breakdown = Object.fromEntries(BREAKDOWN_TERMS.map(k => [
        k,
        Math.round(k === 'cudaContext' ? cudaContext : k === 'allocatorSlack' ? allocatorSlack : terms[k])
    ]));
    const totalBytes = BREAKDOWN_TERMS.reduce((a, k) => a + breakdown[k], 0);
    return {
        totalBytes,
        allocatedBytes: Math.round(allocated),
        reservedBytes: totalBytes - breakdown.cudaContext,
        breakdown,
        tokens,
        params,
        paramsHead,
        grid: r.grid,
        arch: arch.name,
        dims: { hidden: arch.hidden, layers: L, heads: arch.heads, mlp: arch.mlp, headDim },
        attention: path,
        peakStage,
        stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(sum(v))])),
        notes
    };
}

// "What would fit": each change to the recipe that applies, with its estimated peak, best
// first by (fits, least change to the training recipe, smallest peak). Where the model was
// measured, estimates are scaled by measured/estimated so the advice is in this repository's
// units rather than the estimator's.
/**
 * Sapiens' backbone (its copy of mmpretrain's VisionTransformer) has no `with_cp` switch:
 * checkpointing there is a code change, not a flag.
 * Source: facebookresearch/sapiens pretrain/mmpretrain/models/backbones/vision_transformer.py.
 */
const SAPIENS_CHECKPOINTING = "needs a code change in Sapiens: its VisionTransformer (pretrain/mmpretrain/models/backbones/vision_transformer.py) has no with_cp option, so wrap each layer's call in torch.utils.checkpoint.checkpoint";
function isSapiens(spec) {
    const arch = spec.arch !== undefined ? findArchitecture(spec.arch) : undefined;
    return (spec.head ?? arch?.head) === 'sapiens-normal';
}
function candidates(spec) {
    const out = [];
    const amp = spec.precision === 'fp32';
    const sapiens = isSapiens(spec);
    // A code change ranks after a flag and after more GPUs with a config change.
    const checkpointChange = sapiens ? 2.5 : 1;
    if (amp) {
        out.push({
            id: 'bf16-amp',
            title: 'Train in bf16 mixed precision',
            how: 'wrap the forward in torch.autocast("cuda", dtype=torch.bfloat16); mmengine (Sapiens): --cfg-options optim_wrapper.type=AmpOptimWrapper optim_wrapper.dtype=bfloat16 (tools/train.py --amp needs optim_wrapper.type in the config); weights and optimizer stay fp32',
            change: 1,
            spec: { ...spec, precision: 'bf16-amp' },
            warning: null
        });
    }
    if (!spec.checkpointing) {
        out.push({
            id: 'checkpointing',
            title: 'Turn on activation checkpointing',
            how: 'recompute each transformer block in backward (torch.utils.checkpoint; timm: set_grad_checkpointing()); about 30% more compute',
            change: checkpointChange,
            spec: { ...spec, checkpointing: true },
            warning: sapiens ? SAPIENS_CHECKPOINTING : null
        });
    }
    if (amp && !spec.checkpointing) {
        out.push({
            id: 'bf16-amp+checkpointing',
            title: 'bf16 mixed precision and activation checkpointing together',
            how: 'both of the above',
            change: checkpointChange + 0.5,
            spec: { ...spec, precision: 'bf16-amp', checkpointing: true },
            warning: sapiens ? SAPIENS_CHECKPOINTING : null
        });
    }
    for (const gpus of [2, 4]) {
        if (spec.fsdp >= gpus)
            continue;
        out.push({
            id: `fsdp-${gpus}`,
            title: `Shard with FSDP over ${gpus} GPUs`,
            how: `FULL_SHARD (ZeRO-3) over ${gpus} GPUs divides weights, gradients and optimizer states by ${gpus}; activations per GPU stay as they are (mmengine: tools/dist_train.sh CONFIG ${gpus} --cfg-options model_wrapper_cfg.type=MMFullyShardedDataParallel; set gpus: ${gpus} on the model)`,
            change: 2 + gpus / 100,
            spec: { ...spec, fsdp: gpus, 'zero-stage': 3, ddp: false },
            warning: null
        });
    }
    if (spec.batch > 1) {
        // The largest divisor of the batch that fits keeps the effective batch exactly.
        for (let micro = Math.floor(spec.batch / 2); micro >= 1; micro--) {
            if (spec.batch % micro !== 0)
                continue;
            const steps = (spec.batch / micro) * spec['grad-accumulation'];
            out.push({
                id: `batch-${micro}`,
                title: `Batch ${micro} with gradient accumulation over ${spec.batch / micro} steps`,
                how: `per-GPU batch ${spec.batch} -> ${micro}, accumulate ${steps} micro-batches per optimizer step: the same effective batch (mmengine: optim_wrapper accumulative_counts=${steps})`,
                change: 1.2 + spec.batch / micro / 1000,
                spec: { ...spec, batch: micro, 'grad-accumulation': steps },
                warning: null
            });
        }
    }
    const arch = spec.arch !== undefined && spec.dims === undefined ? findArchitecture(spec.arch) : undefined;
    if (arch?.smaller) {
        out.push({
            id: 'smaller-model',
            title: `Use ${arch.smaller} instead of ${arch.name}`,
            how: `the next smaller size of the same family, with its own pretrained weights`,
            change: 3,
            spec: { ...spec, arch: arch.smaller },
            warning: 'a smaller model is usually less accurate; compare on your validation set'
        });
    }
    if (arch?.kind !== 'text' && spec.image !== undefined && spec.tokens === undefined) {
        const patch = spec.patch * 2;
        out.push({
            id: `patch-${patch}`,
            title: `Patch size ${spec.patch} -> ${patch}`,
            how: `a quarter of the tokens: attention memory falls 16x and the rest 4x`,
            change: 3.5,
            spec: { ...spec, patch },
            warning: `this changes the token grid the pretrained weights were trained on: the ${spec.patch}x${spec.patch} patch-embedding weights no longer match ` +
                `and the position embeddings must be interpolated to the new grid, so you move away from the pretrained model and need more fine-tuning`
        });
    }
    return out;
}
function rankFixes(spec, opts) {
    const base = estimatePeak(spec);
    let scale = 1;
    let calibrationNote = '';
    if (opts.measuredPeakBytes !== null && opts.measuredPeakBytes > 0 && base.totalBytes > 0) {
        const ratio = opts.measuredPeakBytes / base.totalBytes;
        if (ratio < 1 && base.totalBytes > opts.limitBytes) {
            // A run stopped by the limit measured less than it needed: not a calibration.
            calibrationNote = ` Not scaled: the measured ${formatBytes$1(opts.measuredPeakBytes)} is below the estimate and the run may have stopped at the limit.`;
        }
        else {
            scale = ratio;
            calibrationNote = ` Scaled by measured/estimated = ${ratio.toFixed(2)} (measured ${formatBytes$1(opts.measuredPeakBytes)}, estimated ${formatBytes$1(base.totalBytes)}).`;
        }
    }
    const rows = [];
    for (const c of candidates(spec)) {
        const estimate = estimatePeak(c.spec);
        const peak = Math.round(estimate.totalBytes * scale);
        const delta = peak - Math.round(base.totalBytes * scale);
        let warning = c.warning;
        if (estimate.attention === 'math' && base.attention !== 'math') {
            const note = `head dim ${estimate.dims.headDim} is not a multiple of 8, so in 16-bit SDPA falls back to its math path and stores s^2 attention scores`;
            warning = warning ? `${warning}; ${note}` : note;
        }
        if (estimate.attention === 'eager' &&
            c.spec.precision !== spec.precision &&
            c.spec.precision !== 'fp32') {
            const note = 'with eager attention, autocast runs softmax in fp32 and keeps a 16-bit copy for attn @ v, so the s^2 scores take 6 bytes instead of 4; pair it with SDPA (attention: efficient)';
            warning = warning ? `${warning}; ${note}` : note;
        }
        const sign = delta <= 0 ? '-' : '+';
        const detail = `${c.how}. ${sign}${formatBytes$1(Math.abs(delta))} against the current recipe; limit ${formatBytes$1(opts.limitBytes)}.${calibrationNote}`;
        rows.push({
            fix: {
                id: c.id,
                title: c.title,
                detail,
                estimatedPeakBytes: peak,
                fits: peak <= opts.limitBytes,
                warning
            },
            change: c.change
        });
    }
    // Of the micro-batch candidates (largest first) keep the largest that fits, else the smallest.
    const batchRows = rows.filter(r => r.fix.id.startsWith('batch-'));
    const keepBatch = batchRows.find(r => r.fix.fits) ?? batchRows[batchRows.length - 1];
    const kept = rows.filter(r => !r.fix.id.startsWith('batch-') || r === keepBatch);
    kept.sort((a, b) => Number(b.fix.fits) - Number(a.fix.fits) ||
        a.change - b.change ||
        a.fix.estimatedPeakBytes - b.fix.estimatedPeakBytes);
    return kept.map(r => r.fix);
}
/** Reserved-but-unallocated memory at the peak counts as large from this share of reserved memory... */
const FRAGMENTATION_RATIO = 0.1;
/** ...and this many bytes. */
const FRAGMENTATION_MIN_BYTES = 512 * 2 ** 20;
/** True for a torch version string (`2.1.0+cu121`, `2.4.0a0+git1234`) of 2.1 or later. */
function torchAtLeast21(version) {
    const match = /^(\d+)\.(\d+)/.exec(version ?? '');
    if (!match)
        return false;
    const [major, minor] = [Number(match[1]), Number(match[2])];
    return major > 2 || (major === 2 && minor >= 1);
}
/**
 * `PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True` as a fix, where the run's allocator held a
 * large reserve no tensor used at the peak (fragmentation: at least 10% of reserved and 512 MiB),
 * on torch >= 2.1 (where the option exists), and the run does not set it already. Expandable
 * segments grow one mapping per stream in place instead of caching split blocks, so the estimate
 * takes that reserve off the measured peak (for an OOM: off the peak plus the failed request, a
 * lower bound of the need). Null when it does not apply. Bytes.
 */
function expandableSegmentsFix(allocator, opts) {
    if (!allocator || allocator.expandableSegments || !torchAtLeast21(allocator.torchVersion))
        return null;
    const unused = allocator.reservedUnallocatedBytes;
    const reserved = allocator.peakReservedBytes;
    if (unused === null || reserved === null || opts.peakBytes === null)
        return null;
    if (unused < FRAGMENTATION_MIN_BYTES || unused < reserved * FRAGMENTATION_RATIO)
        return null;
    const oom = opts.oomRequestBytes != null;
    const estimated = Math.max(0, opts.peakBytes + (opts.oomRequestBytes ?? 0) - unused);
    const where = allocator.reservedUnallocatedSource === 'snapshot'
        ? 'at the peak (memory snapshot)'
        : 'at least, at the peak (peak reserved − peak active)';
    return {
        id: 'expandable-segments',
        title: 'Set PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True',
        detail: `${formatBytes$1(unused)} of the ${formatBytes$1(reserved)} PyTorch reserved held no tensor ${where}: fragmentation. ` +
            `Expandable segments (torch >= 2.1) grow the allocator's segments in place instead of caching split blocks; ` +
            `no change to the training recipe (models[].env: PYTORCH_CUDA_ALLOC_CONF: expandable_segments:True). ` +
            `The estimate takes the unused reserve off the measured peak${oom ? ' plus the failed request' : ''}; limit ${formatBytes$1(opts.limitBytes)}.`,
        estimatedPeakBytes: estimated,
        fits: estimated <= opts.limitBytes,
        warning: oom
            ? 'the run stopped at its first failing allocation, so it may need more than this estimate'
            : 'fragmentation depends on the order of allocations: measure again with it set'
    };
}
/**
 * The ranked fixes with the allocator fix in its place: it changes no recipe, so it goes before
 * every fix that fits no better (fits first, then least change).
 */
function withAllocatorFix(fixes, fix) {
    if (fix === null)
        return [...fixes];
    const at = fixes.findIndex(f => Number(f.fits) <= Number(fix.fits));
    return at < 0 ? [...fixes, fix] : [...fixes.slice(0, at), fix, ...fixes.slice(at)];
}

// node:util parseArgs, with its errors turned into one-line usage errors, and options that take
// several values after one flag (`--results a b` as well as `--results a --results b`).
/**
 * Parses `argv` (process.argv after the command) against `options`. Returns parseArgs' values
 * and the operands. Throws UsageError with one line naming the command and its --help.
 */
function parseFlags(command, argv, options, rules = {}) {
    const fail = (message) => {
        throw new UsageError([`oom-gate ${command}: ${message}; see oom-gate ${command} --help`]);
    };
    let parsed;
    try {
        parsed = parseArgs$1({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
    }
    catch (error) {
        return fail(error.message.split('\n')[0]);
    }
    const { values, tokens } = parsed;
    const positionals = [];
    // The variadic option whose values the following operands continue, if any.
    let open = null;
    for (const token of tokens) {
        if (token.kind === 'option')
            open = rules.variadic?.includes(token.name) ? token.name : null;
        else if (token.kind === 'option-terminator')
            open = null;
        else if (open !== null)
            values[open].push(token.value);
        else
            positionals.push(token.value);
    }
    if (positionals.length > 0 && !rules.positionals)
        fail(`unexpected argument '${positionals[0]}'`);
    return { values, positionals };
}

// `oom-gate estimate`: the analytical peak of one training configuration, every term shown,
// and whether it fits the card. No GPU needed. Exit 0 fits, 1 does not fit, 2 usage error.
const ESTIMATE_USAGE = `Usage: oom-gate estimate --arch NAME --image HxW [options]

Estimates the peak GPU memory of one training step from the model's shape, without a GPU.
Model:
  --arch NAME              ${ARCHITECTURE_NAMES.join(', ')}
  --hidden N --layers N --heads N [--mlp N | --mlp-ratio R] [--head-channels N]
                           explicit dims (alone, or overriding --arch's shape)
  --image HxW              input size, e.g. 1024x768      --tokens N   sequence length instead
  --patch N                patch size (default 16)        --padding N  patch-embedding padding
  --head sapiens-normal|none   decode head (default: the architecture's own)
Training:
  --batch N                per-GPU batch (default 1)      --grad-accumulation N  micro-batches per step
  --precision fp32|fp16-amp|bf16-amp|bf16 (default fp32)
  --optimizer adamw|adam|sgd|sgd-momentum|adamw-8bit (default adamw)
  --optimizer-impl foreach|for-loop|fused (default foreach)
  --attention eager|efficient (default efficient: torch >= 2.0's SDPA)
  --checkpointing  --dropout  --drop-path  --keep-grads
  --fsdp K [--zero-stage 1|2|3]  shard over K GPUs     --ddp  DDP gradient buckets
  --cuda-context SIZE      memory outside PyTorch (default 0.5GiB)
  --allocator-slack SIZE   the caching allocator's fixed slack (default 0.5GiB)
Card:
  --gpu-memory SIZE        the card (default 80GiB)       --headroom 3%|SIZE (default 3%)
Output:
  --json                   {"totalBytes", "fits", "breakdown", ...}
  --fixes                  also rank the changes that would fit
Exit codes: 0 fits, 1 does not fit, 2 usage error.`;
const FLAGS = {
    arch: { type: 'string' },
    hidden: { type: 'string' },
    layers: { type: 'string' },
    heads: { type: 'string' },
    mlp: { type: 'string' },
    'mlp-ratio': { type: 'string' },
    'head-channels': { type: 'string' },
    'drop-path': { type: 'boolean', default: false },
    'allocator-slack': { type: 'string' },
    image: { type: 'string' },
    tokens: { type: 'string' },
    patch: { type: 'string' },
    padding: { type: 'string' },
    batch: { type: 'string' },
    'grad-accumulation': { type: 'string' },
    precision: { type: 'string' },
    optimizer: { type: 'string' },
    'optimizer-impl': { type: 'string' },
    attention: { type: 'string' },
    checkpointing: { type: 'boolean', default: false },
    dropout: { type: 'boolean', default: false },
    'keep-grads': { type: 'boolean', default: false },
    fsdp: { type: 'string' },
    'zero-stage': { type: 'string' },
    ddp: { type: 'boolean', default: false },
    head: { type: 'string' },
    'cuda-context': { type: 'string' },
    'gpu-memory': { type: 'string', default: '80GiB' },
    headroom: { type: 'string', default: '3%' },
    json: { type: 'boolean', default: false },
    fixes: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false }
};
function usage(flag, problem) {
    return new UsageError([`oom-gate estimate: --${flag}: ${problem}`]);
}
function integer$1(flag, value, min = 1) {
    if (value === undefined)
        return undefined;
    if (!/^\d+$/.test(value.trim()) || Number(value) < min) {
        throw usage(flag, `${JSON.stringify(value)} is not ${min === 0 ? 'a whole number' : 'a positive whole number'}`);
    }
    return Number(value);
}
function choice(flag, value, allowed) {
    if (value === undefined || allowed.includes(value))
        return value;
    const guess = closestName(value, allowed);
    const hint = guess ? `did you mean ${guess}? ` : '';
    throw usage(flag, `${JSON.stringify(value)} is not known; ${hint}use one of ${allowed.join(', ')}`);
}
/** The command line as an EstimateSpec, validated by the same schema as the config's block. */
function specFromFlags(values) {
    const str = (k) => values[k];
    const arch = str('arch');
    if (arch !== undefined && !ARCHITECTURE_NAMES.includes(arch.toLowerCase())) {
        const guess = closestName(arch, ARCHITECTURE_NAMES);
        throw usage('arch', `unknown architecture ${JSON.stringify(arch)}; ${guess ? `did you mean ${guess}? ` : ''}known: ${ARCHITECTURE_NAMES.join(', ')} (or give --hidden --layers --heads)`);
    }
    const dimFlags = ['hidden', 'layers', 'heads'];
    const given = dimFlags.filter(k => str(k) !== undefined);
    if (given.length > 0 && given.length < 3) {
        const missing = dimFlags.filter(k => str(k) === undefined);
        throw usage(missing[0], `custom dims need --hidden, --layers and --heads together; add --${missing.join(', --')}`);
    }
    for (const flag of ['mlp', 'mlp-ratio', 'head-channels']) {
        if (given.length === 0 && str(flag) !== undefined)
            throw usage(flag, 'needs --hidden, --layers and --heads too');
    }
    const ratioText = str('mlp-ratio');
    const mlpRatio = ratioText === undefined ? undefined : Number(ratioText);
    if (mlpRatio !== undefined && !(Number.isFinite(mlpRatio) && mlpRatio > 0))
        throw usage('mlp-ratio', `${JSON.stringify(ratioText)} is not a positive number, e.g. 4`);
    if (arch === undefined && given.length === 0) {
        throw usage('arch', `give an architecture (${ARCHITECTURE_NAMES.join(', ')}) or --hidden --layers --heads`);
    }
    const image = str('image');
    if (image !== undefined && !/^\d+x\d+$/.test(image))
        throw usage('image', `${JSON.stringify(image)} is not HEIGHTxWIDTH, e.g. 1024x768`);
    if (image === undefined && str('tokens') === undefined)
        throw usage('image', 'give the input size, e.g. --image 1024x768 (or --tokens N)');
    const cudaContext = str('cuda-context');
    if (cudaContext !== undefined && !parseSize(cudaContext).ok) {
        throw usage('cuda-context', `${JSON.stringify(cudaContext)} is not a size; write 512MiB or 1GiB`);
    }
    const slack = str('allocator-slack');
    if (slack !== undefined && !parseSize(slack).ok) {
        throw usage('allocator-slack', `${JSON.stringify(slack)} is not a size; write 0, 512MiB or 1GiB`);
    }
    const raw = {
        arch: arch?.toLowerCase(),
        dims: given.length === 3
            ? {
                hidden: integer$1('hidden', str('hidden')),
                layers: integer$1('layers', str('layers')),
                heads: integer$1('heads', str('heads')),
                mlp: integer$1('mlp', str('mlp')),
                'mlp-ratio': mlpRatio,
                'head-channels': integer$1('head-channels', str('head-channels'))
            }
            : undefined,
        image,
        tokens: integer$1('tokens', str('tokens')),
        patch: integer$1('patch', str('patch')),
        padding: integer$1('padding', str('padding'), 0),
        batch: integer$1('batch', str('batch')),
        'grad-accumulation': integer$1('grad-accumulation', str('grad-accumulation')),
        precision: choice('precision', str('precision'), ['fp32', 'fp16-amp', 'bf16-amp', 'bf16']),
        optimizer: choice('optimizer', str('optimizer'), ['adamw', 'adam', 'sgd', 'sgd-momentum', 'adamw-8bit']),
        'optimizer-impl': choice('optimizer-impl', str('optimizer-impl'), ['foreach', 'for-loop', 'fused']),
        attention: choice('attention', str('attention'), ['eager', 'efficient']),
        checkpointing: values.checkpointing === true,
        dropout: values.dropout === true,
        'keep-grads': values['keep-grads'] === true,
        'drop-path': values['drop-path'] === true,
        fsdp: integer$1('fsdp', str('fsdp')),
        'zero-stage': integer$1('zero-stage', choice('zero-stage', str('zero-stage'), ['1', '2', '3'])),
        ddp: values.ddp === true,
        head: choice('head', str('head'), ['sapiens-normal', 'none']),
        'cuda-context': cudaContext,
        'allocator-slack': slack
    };
    const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    if (defined.dims) {
        const dims = defined.dims;
        for (const k of Object.keys(dims))
            if (dims[k] === undefined)
                delete dims[k];
    }
    const parsed = EstimateSpecSchema.safeParse(defined);
    if (!parsed.success) {
        throw new UsageError(parsed.error.issues.map(i => `oom-gate estimate: --${String(i.path[i.path.length - 1] ?? 'arch')}: ${i.message}`));
    }
    return parsed.data;
}
function limitFrom(values) {
    const memoryText = values['gpu-memory'];
    const memory = parseSize(memoryText);
    if (memory.ok && /^\s*\d+\s*$/.test(memoryText) && memory.value < 2 ** 20) {
        throw usage('gpu-memory', `"${memoryText}" is ${memoryText} bytes; write ${memoryText}GiB`);
    }
    if (!memory.ok || memory.value <= 0)
        throw usage('gpu-memory', `${JSON.stringify(memoryText)} is not a size; write 80GiB or 81920MiB`);
    const headroomText = values.headroom;
    const percent = parsePercent(headroomText);
    const size = parseSize(headroomText);
    if (!percent.ok && !size.ok)
        throw usage('headroom', `${JSON.stringify(headroomText)} is neither a percentage nor a size; write 3% or 2GiB`);
    const reserve = percent.ok ? Math.round(memory.value * percent.value) : size.ok ? size.value : 0;
    return { memory: memory.value, limit: Math.max(0, memory.value - reserve), headroom: headroomText };
}
function describeRun(spec, e) {
    const input = e.grid
        ? `${spec.image} image, patch ${spec.patch} -> ${e.grid.rows} x ${e.grid.cols} = ${e.grid.rows * e.grid.cols} patches${e.tokens !== e.grid.rows * e.grid.cols ? ` (${e.tokens} tokens)` : ''}`
        : `${e.tokens} tokens`;
    const gpus = spec.fsdp > 1 ? `FSDP/ZeRO-${spec['zero-stage']} over ${spec.fsdp} GPUs` : spec.ddp ? 'DDP' : '1 GPU';
    const attention = e.attention === spec.attention ? e.attention : `${spec.attention} -> ${e.attention} (fallback)`;
    const params = `${(e.params / 1e9).toFixed(3)} B parameters${e.paramsHead > 0 ? ` (decode head ${(e.paramsHead / 1e6).toFixed(1)} M)` : ''}`;
    return [
        `${e.arch} (h=${e.dims.hidden}, ${e.dims.layers} layers, ${e.dims.heads} heads of ${e.dims.headDim}, mlp ${e.dims.mlp}): ${input}; batch ${spec.batch}${spec['grad-accumulation'] > 1 ? ` x ${spec['grad-accumulation']} accumulated` : ''}`,
        `${spec.precision}, ${spec.optimizer} (${spec['optimizer-impl']}), ${attention} attention, ${spec.checkpointing ? 'activation checkpointing' : 'no checkpointing'}, ${gpus}; ${params}`,
        `peak at: ${e.peakStage.replace(/-/g, ' ')}`
    ];
}
function estimateCommand(argv, out) {
    const { values } = parseFlags('estimate', argv, FLAGS);
    if (values.help) {
        out(ESTIMATE_USAGE);
        return 0;
    }
    const spec = specFromFlags(values);
    const { memory, limit, headroom } = limitFrom(values);
    let e;
    try {
        e = estimatePeak(spec);
    }
    catch (error) {
        throw new UsageError([`oom-gate estimate: ${error.message}`]);
    }
    const fits = e.totalBytes <= limit;
    const fixes = values.fixes ? rankFixes(spec, { limitBytes: limit, measuredPeakBytes: null }) : null;
    if (values.json) {
        out(JSON.stringify({
            totalBytes: e.totalBytes,
            fits,
            breakdown: e.breakdown,
            limitBytes: limit,
            memoryBytes: memory,
            allocatedBytes: e.allocatedBytes,
            reservedBytes: e.reservedBytes,
            tokens: e.tokens,
            grid: e.grid,
            params: e.params,
            arch: e.arch,
            dims: e.dims,
            attention: e.attention,
            peakStage: e.peakStage,
            stages: e.stages,
            notes: e.notes,
            spec,
            ...(fixes ? { fixes } : {})
        }));
        return fits ? 0 : 1;
    }
    const width = Math.max(...BREAKDOWN_TERMS.map(k => TERM_LABELS[k].length)) + 2;
    const row = (label, bytes) => `  ${label.padEnd(width)}${formatBytes$1(bytes).padStart(12)}`;
    const lines = [
        ...describeRun(spec, e),
        '',
        ...BREAKDOWN_TERMS.map(k => row(TERM_LABELS[k], e.breakdown[k])),
        `  ${'-'.repeat(width + 12)}`,
        row('total', e.totalBytes),
        `${row('limit', limit)}  (${formatBytes$1(memory)} - ${headroom} headroom)`,
        fits
            ? `fits: ${formatBytes$1(limit - e.totalBytes)} to spare`
            : `does not fit: ${formatBytes$1(e.totalBytes - limit)} over the limit`,
        ...e.notes.map(n => `note: ${n}`)
    ];
    if (fixes) {
        lines.push('', 'What would fit (best first):');
        fixes.forEach((f, i) => {
            lines.push(`  ${i + 1}. ${f.fits ? 'fits' : 'over'}  ${formatBytes$1(f.estimatedPeakBytes).padStart(10)}  ${f.title}`);
            if (f.warning)
                lines.push(`     warning: ${f.warning}`);
        });
    }
    out(lines.join('\n'));
    return fits ? 0 : 1;
}

// A training log as lines the OOM patterns can read: colour codes and the prefixes that
// launchers put before each rank's output are removed, progress-bar carriage returns split lines.
// CSI sequences (colours, cursor moves) and OSC sequences (terminal titles, hyperlinks).
// eslint-disable-next-line no-control-regex -- matching escape characters is the point
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
// Per-line prefixes, possibly stacked: `[80746] [rank0]:` (a wrapper's pid, then torch's rank tag),
// `[default0]:` (torchrun --tee), `0: ` (srun --label), `(train pid=123, ip=10.0.0.1) ` (Ray, and
// vLLM's `(EngineCore_DP0 pid=6880) `), `trainer-1  | ` (docker compose service and replica).
const PREFIX = /^(?:\s*\[\d+\]\s+(?=\[(?:rank|default)\d+\]:)|\s*\[(?:rank|default)\d+\]:\s?|\d{1,4}: |\([\w.-]+ pid=\d+(?:, ip=[\d.]+)?\)\s|[\w.-]+[-_]\d+\s+\|\s?)/;
function stripAnsi(text) {
    return text.replace(ANSI, '');
}
function stripLinePrefixes(line) {
    let out = line;
    for (let next = out.replace(PREFIX, ''); next !== out; next = out.replace(PREFIX, ''))
        out = next;
    return out;
}
/** Lines of `text` without colour codes or rank prefixes; `\r` (tqdm redraws) ends a line too. */
function logLines(text) {
    return stripAnsi(text)
        .split(/\r\n|\r|\n/)
        .map(stripLinePrefixes);
}

// Sizes as OOM messages print them, to exact integer bytes, and back to words for the report.
// PyTorch, numpy and XLA print binary units (`20.00 MiB` is 20 * 2^20 bytes). PyTorch's MPS
// allocator used to print the same binary values labelled `GB`/`MB`/`KB`, so only callers that
// know that (`legacyBinaryLabels`) may read those labels; elsewhere they are ambiguous and give null.
const BINARY = {
    byte: 1n,
    bytes: 1n,
    b: 1n,
    kib: 2n ** 10n,
    mib: 2n ** 20n,
    gib: 2n ** 30n,
    tib: 2n ** 40n,
    pib: 2n ** 50n
};
const LEGACY_BINARY = {
    kb: 2n ** 10n,
    mb: 2n ** 20n,
    gb: 2n ** 30n,
    tb: 2n ** 40n
};
/** The number of a size as printed: `20.00`, `0`, `926.` (numpy keeps the dot). */
const SIZE_VALUE = String.raw `\d+(?:\.\d*)?`;
/** The unit of a size as printed: `MiB`, `bytes`, `GB`, `B`. */
const SIZE_UNIT = String.raw `(?:bytes?|[KMGTP]i?B|B)\b`;
/**
 * Bytes for `value` in `unit`, rounded half up to an integer; null for an unknown unit.
 * Decimal arithmetic on BigInt: `2.30 GiB` is 2469606195, not a float approximation.
 */
function sizeToBytes(value, unit, options = {}) {
    const key = unit.toLowerCase();
    const scale = BINARY[key] ?? (options.legacyBinaryLabels ? LEGACY_BINARY[key] : undefined);
    if (scale === undefined || !/^\d+(?:\.\d*)?$/.test(value))
        return null;
    const [whole = '0', frac = ''] = value.split('.');
    const denominator = 10n ** BigInt(frac.length);
    const numerator = BigInt(whole + frac) * scale;
    const bytes = (numerator * 2n + denominator) / (2n * denominator);
    return bytes <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(bytes) : null;
}
const UNITS = [
    { name: 'GiB', bytes: 2 ** 30 },
    { name: 'MiB', bytes: 2 ** 20 },
    { name: 'KiB', bytes: 2 ** 10 }
];
/** The unit a sentence about these sizes reads best in: that of the largest one. */
function unitFor(...sizes) {
    const largest = Math.max(0, ...sizes);
    return UNITS.find(u => largest >= u.bytes)?.name ?? 'bytes';
}
/** `2469606195` in GiB is `2.30 GiB`; bytes are printed whole. */
function formatBytesIn(bytes, unit) {
    if (unit === 'bytes')
        return `${bytes} bytes`;
    const scale = UNITS.find(u => u.name === unit).bytes;
    return `${(bytes / scale).toFixed(2)} ${unit}`;
}
function formatBytes(bytes) {
    return formatBytesIn(bytes, unitFor(bytes));
}
// Bytes per element of the dtypes TensorFlow and numpy name in their messages.
const ITEM_BYTES = {
    bool: 1,
    int8: 1,
    uint8: 1,
    qint8: 1,
    quint8: 1,
    half: 2,
    float16: 2,
    bfloat16: 2,
    int16: 2,
    uint16: 2,
    float: 4,
    float32: 4,
    int32: 4,
    uint32: 4,
    double: 8,
    float64: 8,
    int64: 8,
    uint64: 8,
    complex64: 8,
    complex128: 16
};
/**
 * Bytes of a tensor from its printed shape (`16,112,112,147`) and dtype (`float`): the message
 * states both, so the size follows exactly (numpy's own "7.91 GiB" is rounded to three digits).
 * Null for other dtypes or symbolic dimensions.
 */
function tensorBytes(shape, dtype) {
    const item = ITEM_BYTES[dtype.toLowerCase()];
    if (item === undefined)
        return null;
    const dims = shape
        .split(',')
        .map(d => d.trim())
        .filter(d => d !== '');
    if (!dims.every(d => /^\d+$/.test(d)))
        return null;
    const bytes = dims.reduce((acc, d) => acc * BigInt(d), BigInt(item));
    return bytes <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(bytes) : null;
}

// Numbers read from an OOM message clause by clause, each by its own label. A clause is a piece of
// the message between semicolons or sentence ends; a parser is a label with named groups that say
// which field its number fills. A number is read only where a label says what it is, so
// `(GPU 0; 16.00 GiB total capacity; 3.00 GiB already allocated; 3.50 GiB reserved in total by
// PyTorch)` gives free = null (it has no free clause), never the number after "already allocated".
// Clauses no parser knows (`10.24 GiB current active`, `8.27 GiB allowed`) are skipped.
const NUMBER_FIELDS = [
    'gpuIndex',
    'triedToAllocateBytes',
    'totalCapacityBytes',
    'freeBytes',
    'allocatedBytes',
    'reservedBytes'
];
/** A size with a unit, captured into `field`: `20.00 MiB`, `0 bytes`, `2.99GiB`. */
function size(field) {
    return `(?<${field}Value>${SIZE_VALUE})\\s*(?<${field}Unit>${SIZE_UNIT})`;
}
/** A size whose unit may be left out when the next size in the label carries it (`19.77/22.05 GiB`). */
function sizeSharingUnit(field) {
    return `(?<${field}Value>${SIZE_VALUE})(?:\\s*(?<${field}Unit>${SIZE_UNIT}))?`;
}
/** A plain integer captured into `field`: a device index, or a count of bytes (`7406166528 bytes`). */
function integer(field) {
    return `(?<${field}>\\d+)`;
}
/** A tensor's shape and dtype (`shape[16,112,112,147] and type float`): its exact size becomes `field`. */
function tensor(field) {
    return `shape\\s*\\[(?<${field}Shape>[^\\]]*)\\] and type (?<${field}Dtype>\\w+)`;
}
/** A label: a regular expression whose named groups come from the helpers above. */
function label(strings, ...parts) {
    return new RegExp(String.raw(strings, ...parts), 'i');
}
// Semicolons separate PyTorch's old clauses; a full stop followed by a capital ends a sentence of its
// new one (`Tried to allocate 20.00 MiB. GPU 0 has ...`), never the decimal point of `20.00`.
const CLAUSE_END = /;|\.\s+(?=[A-Z(])|\n/;
function clausesOf(text) {
    return text.split(CLAUSE_END).filter(c => c.trim() !== '');
}
const PARTS = [...NUMBER_FIELDS, 'reservedUnallocatedBytes'];
/**
 * The numbers `parsers` find in `texts` (the message first, then any following lines the family
 * reads): each field takes the first clause whose label states it. Sizes are exact integer bytes
 * (sizes.ts); a field no label states is null.
 */
function readClauses(texts, parsers, options = {}) {
    const found = new Map();
    for (const text of texts) {
        for (const clause of clausesOf(text)) {
            for (const parser of parsers) {
                const groups = parser.exec(clause)?.groups;
                if (groups)
                    readGroups(groups, found, options);
            }
        }
    }
    const numbers = Object.fromEntries(NUMBER_FIELDS.map(f => [f, found.get(f) ?? null]));
    const unallocated = found.get('reservedUnallocatedBytes');
    if (numbers.reservedBytes === null && numbers.allocatedBytes !== null && unallocated !== undefined) {
        numbers.reservedBytes = numbers.allocatedBytes + unallocated;
    }
    return numbers;
}
function readGroups(groups, found, options) {
    const sharedUnit = Object.entries(groups).find(([k, v]) => k.endsWith('Unit') && v !== undefined)?.[1];
    for (const part of PARTS) {
        if (found.has(part))
            continue;
        const value = readPart(part, groups, sharedUnit, options);
        if (value !== null)
            found.set(part, value);
    }
}
function readPart(part, groups, sharedUnit, options) {
    const whole = groups[part];
    if (whole !== undefined)
        return Number(whole);
    const value = groups[`${part}Value`];
    if (value !== undefined) {
        const unit = groups[`${part}Unit`] ?? sharedUnit;
        return unit === undefined ? null : sizeToBytes(value, unit, options);
    }
    const shape = groups[`${part}Shape`];
    const dtype = groups[`${part}Dtype`];
    return shape !== undefined && dtype !== undefined ? tensorBytes(shape, dtype) : null;
}

// The out-of-memory messages oom-gate recognises: one small declarative entry per message family.
// An entry is a matcher (one log line, after colour codes and launcher prefixes are removed), the
// labelled clauses its numbers are read from (clauses.ts), and the words the report uses: what the
// family means and the fix its users reach for. Adding a family is adding an entry here.
// Accelerators whose PyTorch backends print the caching allocator's message with their own name.
const DEVICE = String.raw `(?:CUDA|HIP|NPU|XPU|MLU|MUSA|GCU|SDAA|DCU|HPU)`;
/** PyTorch's caching allocator, in all its versions and on every accelerator that reuses it. */
const PYTORCH_CLAUSES = [
    label `Tried to allocate ${size('triedToAllocateBytes')}`,
    // ≤2.0: `(GPU 0; 16.00 GiB total capacity; ...)`; Ascend and Cambricon name their device.
    label `\((?:GPU|${DEVICE})\s*${integer('gpuIndex')}\s*$`,
    label `^\s*${size('totalCapacityBytes')} total capacity`,
    label `^\s*${size('allocatedBytes')} already allocated`,
    label `^\s*${size('freeBytes')} free\b`,
    label `^\s*${size('reservedBytes')} (?:reserved in total by PyTorch|cached\b)`,
    // ≥2.1: `GPU 0 has a total capacity of Y of which W is free` (2.1 printed "capacty").
    label `\b(?:GPU|${DEVICE}) ${integer('gpuIndex')} has a total capac`,
    label `has a total capac(?:i)?ty of ${size('totalCapacityBytes')}`,
    label `of which ${size('freeBytes')} is free`,
    label `Of the allocated memory ${size('allocatedBytes')} is allocated by PyTorch`,
    label `${size('reservedUnallocatedBytes')} is reserved by PyTorch but unallocated`
];
const PYTORCH_FIX = 'lower the batch size or sequence length, or turn on activation checkpointing or mixed precision; when much memory is reserved but unallocated, set PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True';
const KILL_FIX = "look for the kernel's record of the kill (dmesg, journalctl -k, the container's OOMKilled); give the job more host memory, or lower DataLoader workers and host-side caching";
/** Families in priority order: the first whose matcher fits a line decides it. */
const OOM_FAMILIES = [
    {
        id: 'vllm-kv-cache',
        kind: 'gpu-oom',
        framework: 'vllm',
        basis: 'message',
        title: 'vLLM could not fit its KV cache in gpu_memory_utilization',
        fix: 'raise gpu_memory_utilization, or lower max_model_len or max_num_seqs',
        // The phrase right after a quote is vLLM's source in the traceback (`raise ValueError("No ...`).
        match: /(?<!["'])\bNo available memory for the cache blocks|KV cache is needed, which is larger than the available KV cache memory|max seq len \(\d+\) is larger than the maximum number of tokens that can be stored in KV cache/,
        // Numbers in bytes only: "max seq len (131072)" and "KV cache (3664)" are tokens.
        clauses: [
            label `${size('triedToAllocateBytes')} KV cache is needed`,
            label `available KV cache memory \(${size('freeBytes')}\)`
        ]
    },
    {
        id: 'vllm-startup-free',
        kind: 'gpu-oom',
        framework: 'vllm',
        basis: 'message',
        title: 'vLLM found less free GPU memory at startup than gpu_memory_utilization asks for',
        fix: 'lower gpu_memory_utilization, or stop the other processes that hold memory on that GPU',
        match: /Free memory on device \S*\s*\(\d[\d.]*(?:\s*\w+)?\/\d[\d.]*\s*\w+\) on startup is less than desired GPU memory utilization/,
        // `cuda:1 (19.77/22.05 GiB)`: free and total share the unit; `(0.9, 19.84 GiB)`: the budget asked for.
        clauses: [
            label `on device \w*:?${integer('gpuIndex')}\s*\(`,
            label `\(${sizeSharingUnit('freeBytes')}/${size('totalCapacityBytes')}\)`,
            label `utilization \(\d[\d.]*, ${size('triedToAllocateBytes')}\)`
        ]
    },
    {
        id: 'sglang-mem-fraction',
        kind: 'gpu-oom',
        framework: 'sglang',
        basis: 'message',
        title: 'SGLang could not fit its KV cache pool in mem_fraction_static',
        fix: 'raise --mem-fraction-static (or lower --context-length); for OOMs while serving, lower it or --chunked-prefill-size',
        match: /Not enough memory\. Please try to increase --mem-fraction-static/
    },
    {
        id: 'ggml-cuda-malloc',
        kind: 'gpu-oom',
        framework: 'llama.cpp',
        basis: 'message',
        title: 'llama.cpp (ggml) could not allocate a buffer on the GPU',
        fix: 'offload fewer layers (--n-gpu-layers), shrink the context (-c), or quantize the KV cache (--cache-type-k q8_0)',
        match: /\bcudaMalloc failed: out of memory/,
        clauses: [label `allocating ${size('triedToAllocateBytes')} on device ${integer('gpuIndex')}`]
    },
    {
        id: 'ollama-runner',
        kind: 'gpu-oom',
        framework: 'ollama',
        basis: 'message',
        title: "Ollama's llama runner ran out of GPU memory",
        fix: 'lower num_gpu (layers on the GPU) or num_ctx, or pick a smaller quantization',
        match: /llama runner process has terminated: (?:CUDA|ROCm|HIP) error: out of memory/i
    },
    {
        id: 'ollama-system-memory',
        kind: 'host-oom',
        framework: 'ollama',
        basis: 'message',
        title: 'Ollama found less free system memory than the model needs',
        fix: 'pick a smaller or more quantized model, lower num_ctx, or free host memory (or add swap)',
        match: /model requires more system memory \(/,
        clauses: [
            label `more system memory \(${size('triedToAllocateBytes')}\)`,
            label `than is available \(${size('freeBytes')}\)`
        ]
    },
    {
        id: 'pytorch-caching-allocator',
        kind: 'gpu-oom',
        framework: 'pytorch',
        basis: 'message',
        title: "PyTorch's caching allocator ran out of device memory",
        fix: PYTORCH_FIX,
        // The phrase followed by a closing quote is code that looks for the error
        // (`if "CUDA out of memory" in str(e)`), not the error.
        match: new RegExp(String.raw `\b${DEVICE} out of memory(?!\.?["'\x60])|Tried to allocate \d[\d.]*\s*\w+ \((?:GPU|${DEVICE}) \d+;`, 'i'),
        clauses: PYTORCH_CLAUSES
    },
    {
        id: 'pytorch-mps',
        kind: 'gpu-oom',
        framework: 'mps',
        basis: 'message',
        title: "PyTorch's MPS allocator reached its limit of Apple unified memory",
        fix: 'lower the batch size or image size; PYTORCH_MPS_HIGH_WATERMARK_RATIO raises the limit at the risk of swapping the whole machine',
        match: /MPS backend out of memory/i,
        // "max allowed" is the allocator's ceiling (the high-watermark ratio of unified memory).
        clauses: [
            label `Tried to allocate ${size('triedToAllocateBytes')}`,
            label `MPS allocated: ${size('allocatedBytes')}`,
            label `max allowed: ${size('totalCapacityBytes')}`
        ],
        // Older releases print binary values labelled GB/MB/KB.
        sizeOptions: { legacyBinaryLabels: true }
    },
    {
        id: 'pytorch-oom-type',
        kind: 'gpu-oom',
        framework: 'pytorch',
        basis: 'message',
        title: "PyTorch's caching allocator ran out of device memory",
        fix: PYTORCH_FIX,
        // The exception type alone (its message on another line or cut off).
        match: /^\s*torch\.(?:cuda\.)?OutOfMemoryError\b(?::|\s*$)/,
        clauses: PYTORCH_CLAUSES
    },
    {
        id: 'tensorflow',
        kind: 'gpu-oom',
        hostWhen: /device:CPU:\d+|by allocator cpu\b/,
        framework: 'tensorflow',
        basis: 'message',
        title: "TensorFlow's allocator could not fit a tensor",
        fix: 'lower the batch size; tf.config.experimental.set_memory_growth stops TensorFlow from taking the whole card up front',
        match: /\bOOM when allocating tensor (?:with|of) shape/,
        // The failing node often names the device on the next line (`_device=".../device:GPU:0"`).
        clauses: [label `${tensor('triedToAllocateBytes')}`, label `device:GPU:${integer('gpuIndex')}`],
        following: 2
    },
    {
        id: 'xla',
        kind: 'gpu-oom',
        framework: 'jax',
        basis: 'message',
        title: 'XLA could not allocate device memory',
        fix: 'lower the batch size; when another process holds the memory, set XLA_PYTHON_CLIENT_PREALLOCATE=false or XLA_PYTHON_CLIENT_MEM_FRACTION',
        // jaxlib's XlaRuntimeError, older jaxlib's "Resource exhausted", XLA:TPU out of HBM at compile time.
        // gRPC's RESOURCE_EXHAUSTED ("Received message larger than max") is a message size, not memory.
        match: /\bRESOURCE_EXHAUSTED: (?:Out of memory|Failed to allocate request for|XLA:\w+ compile permanent error\. Ran out of memory)|\bResource exhausted: Out of memory/i,
        clauses: [
            label `Out of memory (?:while trying to allocate|allocating) ${integer('triedToAllocateBytes')} bytes`,
            label `Failed to allocate request for [^(]*\(${integer('triedToAllocateBytes')}B\)`,
            label `device ordinal ${integer('gpuIndex')}`
        ]
    },
    {
        id: 'cublas',
        kind: 'gpu-oom',
        framework: 'cublas',
        basis: 'message',
        title: 'cuBLAS could not allocate its workspace',
        fix: PYTORCH_FIX,
        match: /CUBLAS_STATUS_ALLOC_FAILED/i,
        clauses: [label `\bGPU=${integer('gpuIndex')}`]
    },
    {
        id: 'cudnn',
        kind: 'gpu-oom',
        framework: 'cudnn',
        basis: 'message',
        title: 'cuDNN could not allocate its workspace',
        fix: PYTORCH_FIX,
        // NOT_ENOUGH_WORKSPACE: PyTorch shrinks the workspace it asks for when that allocation fails,
        // so in a training run this is a shortage of device memory too, not a wrong argument.
        match: /CUDNN_STATUS_(?:ALLOC_FAILED|NOT_ENOUGH_WORKSPACE)/i,
        clauses: [label `\bGPU=${integer('gpuIndex')}`]
    },
    {
        id: 'nccl',
        kind: 'gpu-oom',
        framework: 'nccl',
        basis: 'message',
        title: 'NCCL could not allocate its communication buffers',
        fix: 'leave room on the card for NCCL (lower the batch size), or shrink its buffers with NCCL_BUFFSIZE',
        // NCCL's log prefix is `host:pid:tid [cudaDev]`; the size it failed to get follows on its own line.
        match: /\bCuda failure (?:\d+ )?'out of memory'/i,
        clauses: [
            label `:\d+:\d+ \[${integer('gpuIndex')}\] `,
            label `Failed to CUDA [cm]alloc(?:Async)? ${integer('triedToAllocateBytes')} bytes`
        ],
        following: 3
    },
    {
        id: 'cuda-runtime',
        kind: 'gpu-oom',
        framework: 'cuda',
        basis: 'message',
        title: 'the CUDA runtime could not allocate device memory',
        fix: PYTORCH_FIX,
        // The runtime/driver error without a caching allocator's report: raised by kernels, cuBLAS
        // setup, NCCL through PyTorch, or an allocator (TensorFlow's stream executor, JAX) that logs it.
        match: /\bCUDA error: out of memory|\bcuda runtime error \(2\) : out of memory|\bCUDA driver error: out of memory|\bCUDA_ERROR_OUT_OF_MEMORY\b|\bcudaErrorMemoryAllocation\b/i,
        clauses: [label `failed to alloc(?:ate)?\s+(?:\S+\s+\()?${integer('triedToAllocateBytes')} bytes`]
    },
    {
        id: 'pytorch-cpu',
        kind: 'host-oom',
        framework: 'pytorch',
        basis: 'message',
        title: "PyTorch's CPU allocator could not get host memory",
        fix: 'lower the batch size or the data kept in host memory, or give the job more RAM',
        // Old releases said "you tried to allocate 5GB" (whole GiB rounded down): no exact size.
        match: /DefaultCPUAllocator: (?:can't allocate memory|not enough memory)/,
        clauses: [label `you tried to allocate ${integer('triedToAllocateBytes')} bytes`]
    },
    {
        id: 'numpy',
        kind: 'host-oom',
        framework: 'numpy',
        basis: 'message',
        title: 'numpy could not allocate an array in host memory',
        fix: 'load the data in chunks (or memory-map it), or give the job more RAM',
        match: /Unable to allocate \d[\d.]*\s*\w+ for an array with shape/,
        // The shape and dtype give the exact size; the printed size is rounded to three digits.
        clauses: [
            label `for an array with shape \((?<triedToAllocateBytesShape>[^)]*)\) and data type (?<triedToAllocateBytesDtype>\w+)`,
            label `Unable to allocate ${size('triedToAllocateBytes')}`
        ]
    },
    {
        id: 'windows-paging-file',
        kind: 'host-oom',
        framework: 'windows',
        basis: 'message',
        title: 'Windows ran out of virtual memory: the paging file is too small',
        fix: 'let Windows manage the paging file size (or enlarge it), or lower DataLoader num_workers: each worker maps the CUDA libraries again',
        // Matched by the error number, so localized texts match too. The DLL named on the line (even a
        // `*_gpu.dll` or cuDNN) is what Windows was loading when it ran out: host memory, not GPU.
        match: /\[WinError 1455\]|\(\s*os error 1455\s*\)|\bpaging file is too? small\b/i
    },
    {
        id: 'kernel-oom-killer',
        kind: 'host-oom',
        framework: 'kernel',
        basis: 'message',
        title: 'the kernel OOM killer killed a process of the run',
        fix: 'give the job more host memory (or a larger cgroup or container limit), or lower DataLoader workers and host-side caching',
        // The kernel's own report (dmesg, journal, a cgroup's memory.events dump) names the OOM killer.
        match: /\bOut of memory: Kill(?:ed)? process \d+|\boom-kill:|\binvoked oom-killer\b|Memory cgroup out of memory|\boom_reaper: reaped process \d+/
    },
    {
        id: 'container-oom-killed',
        kind: 'host-oom',
        framework: 'kubernetes',
        basis: 'message',
        title: 'the container was OOM-killed at its memory limit',
        fix: "raise the container's memory limit (resources.limits.memory, docker --memory), or lower host-side memory use",
        // `Reason: OOMKilled` (kubectl describe), `"OOMKilled": true` (docker inspect); `false` says the opposite.
        match: /\bReason:\s*OOMKilled\b|"?\bOOMKilled"?\s*:\s*true\b/
    },
    {
        id: 'kubelet-eviction',
        kind: 'host-oom',
        framework: 'kubernetes',
        basis: 'message',
        title: 'Kubernetes evicted the pod: its node ran low on memory',
        fix: 'set memory requests and limits that match the job, or run it on a node with more memory',
        match: /The node was low on resource: memory\b/
    },
    {
        id: 'python-memoryerror',
        kind: 'host-oom',
        framework: 'python',
        basis: 'message',
        title: 'Python raised MemoryError',
        fix: 'lower what the job keeps in host memory, or give it more RAM',
        match: /^\s*MemoryError\b(?::|\s*$)/
    },
    {
        id: 'dataloader-killed',
        kind: 'host-oom',
        framework: 'dataloader',
        basis: 'kill',
        title: 'a DataLoader worker was killed by SIGKILL, most likely by the kernel OOM killer',
        fix: 'lower DataLoader num_workers or prefetch_factor, or give the job more host memory',
        // Only SIGKILL ("Killed"): a worker that dies of "Segmentation fault" or "Terminated" did not run out.
        match: /DataLoader worker \(pid\(?s?\)? ?[\d, ]+\) is killed by signal: Killed\b/
    },
    {
        id: 'sigkill',
        kind: 'host-oom',
        framework: 'kernel',
        basis: 'kill',
        title: 'a process of the run was killed by SIGKILL, the signal the kernel OOM killer sends',
        fix: KILL_FIX,
        // bash: `script: line 3: 1234 Killed  cmd`, an interactive shell's bare `Killed` (after a
        // timestamp, too); exit status 137 = 128 + SIGKILL as CI runners, kubectl and IDEs print it;
        // torch.distributed.elastic's `exitcode: -9`; DeepSpeed's launcher; subprocess; uWSGI; supervisord;
        // torch.multiprocessing.spawn's "process 0 terminated with signal SIGKILL".
        match: new RegExp([
            String.raw `\bline \d+:\s+\d+\s+Killed\b`,
            String.raw `^\s*(?:\[?\d[\d:.,/TZ-]*(?: \d[\d:.,Z-]*)?\]?\s+)?Killed\s*$`,
            String.raw `\bexit(?:ed)?(?: with)?(?: error)? (?:code|status)[ :=]*137\b`,
            String.raw `\bexitcode\s*:\s*-9\b`,
            String.raw `\bSignal 9 \(SIGKILL\) received by PID\b`,
            String.raw `\bexits with return code = -9\b`,
            String.raw `died with <Signals\.SIGKILL: 9>`,
            String.raw `\bkilled by signal 9\b`,
            String.raw `\bterminated (?:by|with signal) SIGKILL\b`
        ].join('|'), 'i')
    }
];
const BY_ID = new Map(OOM_FAMILIES.map(f => [f.id, f]));
/** The family an OomReport's `family` names, or undefined for an id this version does not know. */
function familyById(id) {
    return id == null ? undefined : BY_ID.get(id);
}

// The memory-sounding errors that are not a lack of memory, and the cheap tests that let long
// logs be scanned fast. The out-of-memory families themselves are in families.ts.
/**
 * A cheap test that a line could be one of the families' messages, so long logs are scanned fast.
 * Words only: an alternative that starts with a digit ("137") makes every number in a log a
 * candidate, and numeric dumps then cost several times as much to scan.
 */
const OOM_PREFILTER = /memory|alloc|oom|kill|exit|exhausted|workspace|paging file|KV cache|signal 9|return code|error\s*1455/i;
/**
 * Errors that mention memory but are not a lack of it. They decide nothing; when no OOM is found,
 * the first of them is the evidence shown for "not-oom".
 */
const LOOKALIKE_PATTERNS = [
    /an illegal memory access was encountered/i,
    /misaligned address/i,
    /Memory access fault by GPU node/i,
    /Watchdog caught collective operation timeout/i,
    /out of resource: shared memory/i,
    /unable to open shared memory object|Too many open files/i,
    /Received message larger than max/i,
    /device-side assert triggered/i,
    /Unrecognized CachingAllocator option/i,
    /INTERNAL ASSERT FAILED/,
    /DataLoader worker \(pid[^)]*\) is killed by signal: (?!Killed\b)/,
    /\bCUBLAS_STATUS_(?!ALLOC_FAILED)[A-Z_]+/,
    /\bCUDNN_STATUS_(?!ALLOC_FAILED|NOT_ENOUGH_WORKSPACE)[A-Z_]+/,
    /unhandled cuda error/i
];
/** A Python exception line (`RuntimeError: ...`, `torch.AcceleratorError: ...`), for not-oom evidence. */
const EXCEPTION_LINE = /^\s*(?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Failure)\b(?::|\s*$)/;

const EVIDENCE_MAX_CHARS = 2000;
// A terminal (or an issue box) wraps a long message; its parentheses stay open across the break.
// A wrapped piece is at most a screen wide; a longer line is a line of its own.
const WRAPPED_LINES = 2;
const WRAPPED_MAX_CHARS = 1000;
/**
 * Which message decides, when a log has several (DDP ranks, a traceback printed twice, a worker
 * killed after the main process failed):
 *  1. A message that says memory ran out (`basis: 'message'`) beats the shape of a SIGKILL
 *     (`basis: 'kill'`), wherever they are: a SIGKILL is often the consequence (torchrun escalates
 *     to SIGKILL when ranks do not stop).
 *  2. Among equals, the first in the log: the first rank to run out is the cause; the others fail
 *     after it (their own OOM, NCCL errors, timeouts). Its numbers and `gpuIndex` are reported.
 */
function findOom(lines, options) {
    let firstKill = null;
    for (let i = 0; i < lines.length; i++) {
        const message = unwrapped(lines, i);
        if (!OOM_PREFILTER.test(message))
            continue;
        const family = OOM_FAMILIES.find(f => f.match.test(message));
        if (!family)
            continue;
        if (family.basis === 'kill') {
            if (!options.ignoreSigkill && firstKill === null)
                firstKill = report(family, message, []);
            continue;
        }
        return report(family, message, lines.slice(i + 1, i + 1 + (family.following ?? 0)));
    }
    return firstKill;
}
/**
 * Line `i`, joined with the lines after it while its parentheses are open (a wrapped message). Only
 * a line that could start or continue a message is joined, so noise lines are read once.
 */
function unwrapped(lines, i) {
    let text = lines[i];
    for (let j = i + 1; j <= i + WRAPPED_LINES && j < lines.length && opensMore(text); j++) {
        const next = lines[j];
        if (next.length > WRAPPED_MAX_CHARS)
            break;
        if (!OOM_PREFILTER.test(text) && !OOM_PREFILTER.test(next))
            break;
        text += next;
    }
    return text;
}
const OPEN = 40; // (
const CLOSE = 41; // )
function opensMore(text) {
    if (!text.includes('('))
        return false;
    let depth = 0;
    for (let k = 0; k < text.length; k++) {
        const c = text.charCodeAt(k);
        if (c === OPEN)
            depth++;
        else if (c === CLOSE && depth > 0)
            depth--;
    }
    return depth > 0;
}
function report(family, message, following) {
    const kind = family.hostWhen?.test(message) ? 'host-oom' : family.kind;
    const numbers = readClauses([message, ...following], family.clauses ?? [], family.sizeOptions);
    return {
        kind,
        framework: family.framework,
        ...numbers,
        // A host OOM names no GPU, whatever the device clause of its family would read.
        ...(kind === 'host-oom' ? { gpuIndex: null } : {}),
        evidence: evidenceLine(message),
        family: family.id,
        basis: family.basis
    };
}
function evidenceLine(line) {
    const text = line.trim();
    return text.length <= EVIDENCE_MAX_CHARS ? text : `${text.slice(0, EVIDENCE_MAX_CHARS - 1)}…`;
}

const NO_NUMBERS$1 = {
    gpuIndex: null,
    triedToAllocateBytes: null,
    totalCapacityBytes: null,
    freeBytes: null,
    allocatedBytes: null,
    reservedBytes: null
};
/**
 * The OOM a finished run shows, or `kind: 'not-oom'`. `family` names the message family that
 * matched (families.ts); `basis` says whether the verdict rests on a message that says memory ran
 * out or only on the shape of a SIGKILL (see OomReport in results.ts). Never throws.
 */
function classifyOom(e) {
    // The probe's text is the exception itself, whole and from one process: no interleaving, no
    // truncated tail. It wins when it is an OOM; otherwise the log may still show another process's.
    if (e.probeException !== null) {
        const fromProbe = findOom(logLines(e.probeException), { ignoreSigkill: false });
        if (fromProbe)
            return fromProbe;
    }
    const lines = logLines(e.log);
    const fromLog = findOom(lines, { ignoreSigkill: e.killedByGate });
    if (fromLog)
        return fromLog;
    const sigkill = sigkillFact(e);
    if (sigkill !== null && !e.killedByGate) {
        // Nothing printed, killed by SIGKILL: what the kernel OOM killer leaves behind, and only that.
        return {
            kind: 'host-oom',
            framework: 'kernel',
            ...NO_NUMBERS$1,
            evidence: sigkill,
            family: 'sigkill',
            basis: 'kill'
        };
    }
    return {
        kind: 'not-oom',
        framework: null,
        ...NO_NUMBERS$1,
        evidence: notOomEvidence(lines, e, sigkill),
        family: null
    };
}
/** How the process said it was SIGKILLed, or null. bash exits 128 + 9 when its child is killed. */
function sigkillFact(e) {
    if (e.signal === 'SIGKILL')
        return 'killed by SIGKILL';
    if (e.exitCode === 137)
        return 'exit code 137 (128 + SIGKILL)';
    if (e.exitCode === -9)
        return 'exit code -9 (SIGKILL)';
    return null;
}
function notOomEvidence(lines, e, sigkill) {
    for (const re of LOOKALIKE_PATTERNS) {
        const line = lines.find(l => re.test(l));
        if (line !== undefined)
            return evidenceLine(line);
    }
    const lastException = lines.findLast(l => EXCEPTION_LINE.test(l));
    if (lastException !== undefined)
        return evidenceLine(lastException);
    if (sigkill !== null)
        return `${sigkill}, sent by the gate itself`;
    if (e.signal !== null)
        return `killed by ${e.signal}`;
    if (e.exitCode !== null && e.exitCode !== 0)
        return `exit code ${e.exitCode}`;
    return null;
}

const POOL_OWNER = { pytorch: 'PyTorch', mps: 'MPS' };
function describeOom(r) {
    if (r.kind === 'not-oom')
        return 'no out-of-memory error found';
    if (r.kind === 'host-oom')
        return describeHost(r);
    const clauses = [request(r), device(r), pool(r)].filter((c) => c !== null);
    if (r.triedToAllocateBytes === null && r.freeBytes === null && r.totalCapacityBytes === null) {
        clauses.push('the message states no sizes');
    }
    return clauses.join('; ');
}
/** "tried to allocate 2.30 GiB with 0.40 GiB free: at least 1.90 GiB short". */
function request(r) {
    const tried = r.triedToAllocateBytes;
    const free = r.freeBytes;
    if (tried === null) {
        return free === null ? null : `${formatBytes(free)} free`;
    }
    if (free === null)
        return `tried to allocate ${formatBytes(tried)}`;
    if (free < tried) {
        // One unit for the three numbers, so that the subtraction reads right. "At least": the request
        // needed one contiguous block, so fragmentation can make the real shortfall larger.
        const unit = unitFor(tried);
        return `tried to allocate ${formatBytesIn(tried, unit)} with ${formatBytesIn(free, unit)} free: at least ${formatBytesIn(tried - free, unit)} short`;
    }
    // More was free than asked for, and still it failed: the numbers say no more than that.
    return `tried to allocate ${formatBytes(tried)} with ${formatBytes(free)} free, yet the allocation failed`;
}
// PyTorch's message names the accelerator; an Ascend NPU or Intel XPU is not called a GPU in words.
const ACCELERATOR = /\b(NPU|XPU|MLU|MUSA|GCU|HPU) out of memory/;
function device(r) {
    const accelerator = ACCELERATOR.exec(r.evidence ?? '')?.[1] ?? 'GPU';
    const name = r.framework === 'mps' ? null : r.gpuIndex === null ? null : `${accelerator} ${r.gpuIndex}`;
    const total = r.totalCapacityBytes;
    if (total === null)
        return name === null ? null : `on ${name}`;
    const size = formatBytes(total);
    if (r.framework === 'mps')
        return `the MPS allocator allows ${size} at most`;
    return name === null ? `${size} total capacity` : `${name} has ${size} in total`;
}
function pool(r) {
    const owner = POOL_OWNER[r.framework ?? ''] ?? r.framework ?? 'the framework';
    const { allocatedBytes: allocated, reservedBytes: reserved } = r;
    if (allocated !== null && reserved !== null) {
        return `${owner} had ${formatBytes(allocated)} allocated and ${formatBytes(reserved)} reserved`;
    }
    if (allocated !== null)
        return `${owner} had ${formatBytes(allocated)} allocated`;
    if (reserved !== null)
        return `${owner} had ${formatBytes(reserved)} reserved`;
    return null;
}
/** Host memory: say what stopped the run, and how sure that is. */
function describeHost(r) {
    const tried = r.triedToAllocateBytes === null ? null : formatBytes(r.triedToAllocateBytes);
    switch (r.framework) {
        case 'kernel':
            return r.basis === 'message' ||
                (r.basis === undefined &&
                    /oom-kill|Out of memory: Kill|oom-killer|cgroup out of memory/i.test(r.evidence ?? ''))
                ? 'the kernel OOM killer killed a process of the run'
                : 'killed by SIGKILL, most likely from the kernel OOM killer';
        case 'kubernetes':
            return r.family === 'kubelet-eviction'
                ? 'the pod was evicted under node memory pressure'
                : 'the container hit its memory limit and was killed (OOMKilled)';
        case 'windows':
            return 'WinError 1455: the paging file could not back the memory a process asked for';
        case 'ollama':
            return tried === null
                ? 'Ollama found too little free system memory for the model'
                : `the model needs ${tried} of system memory${r.freeBytes === null ? '' : `, ${formatBytes(r.freeBytes)} is available`}`;
        case 'dataloader':
            return 'a DataLoader worker was killed by SIGKILL, most likely by the kernel OOM killer';
        case 'pytorch':
            return tried === null
                ? "PyTorch's CPU allocator failed"
                : `PyTorch's CPU allocator could not allocate ${tried}`;
        case 'numpy':
            return tried === null
                ? 'numpy could not allocate an array'
                : `numpy could not allocate ${tried} for an array`;
        case 'tensorflow':
            return tried === null
                ? 'TensorFlow could not allocate a tensor in host memory'
                : `TensorFlow could not allocate a ${tried} tensor in host memory`;
        case 'python':
            return 'Python raised MemoryError';
        default:
            return 'host memory ran out';
    }
}
/**
 * The message family in words and the fix its users reach for (families.ts), for the PR comment
 * and `oom-gate explain`; null for not-oom and for a family this version does not know.
 */
function familyAdvice(r) {
    if (r.kind === 'not-oom')
        return null;
    const family = familyById(r.family);
    return family ? { title: family.title, fix: family.fix } : null;
}

// `oom-gate explain LOGFILE [--json]`: classify a training log the way the gate does. The
// classification is the output; the exit code is 0 whatever it says (2 only for bad usage).
const USAGE$1 = 'usage: oom-gate explain LOGFILE [--json]   (LOGFILE - reads standard input)';
function explainCommand(argv, out) {
    const { path, json, help } = parseArgs(argv);
    if (help) {
        out(USAGE$1);
        return 0;
    }
    const report = classifyOom({
        log: readLog(path),
        exitCode: null,
        signal: null,
        probeException: null,
        killedByGate: false
    });
    out(json ? JSON.stringify(contractJson(report), null, 2) : humanText(report));
    return 0;
}
function parseArgs(argv) {
    const { values, positionals: paths } = parseFlags('explain', argv, { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } }, { positionals: true });
    const { json, help } = values;
    if (help)
        return { path: '', json, help };
    if (paths.length === 0)
        throw new UsageError([`explain: missing LOGFILE, the training log to classify; ${USAGE$1}`]);
    if (paths.length > 1) {
        throw new UsageError([`explain: takes one LOGFILE, got ${paths.length} (${paths.join(', ')}); ${USAGE$1}`]);
    }
    return { path: paths[0], json, help };
}
function readLog(path) {
    try {
        // File descriptor 0 reads standard input, whatever it is (pipe, file, terminal).
        return readFileSync(path === '-' ? 0 : path, 'utf8');
    }
    catch (error) {
        const code = error.code;
        const why = code === 'ENOENT'
            ? 'no such file'
            : code === 'EISDIR'
                ? 'is a directory, not a log file'
                : code === 'EACCES'
                    ? 'permission denied'
                    : `cannot be read (${code ?? String(error)})`;
        const name = path === '-' ? 'standard input' : path;
        throw new UsageError([
            `explain: ${name}: ${why}; pass the path of a training log, or - to read standard input`
        ]);
    }
}
/**
 * Contract 4's fields, in its order, then what extends it: the evidence line, the message family
 * (`null` for not-oom) and, for an OOM, its basis (`message` or `kill`).
 */
function contractJson(r) {
    return {
        kind: r.kind,
        framework: r.framework,
        gpuIndex: r.gpuIndex,
        triedToAllocateBytes: r.triedToAllocateBytes,
        totalCapacityBytes: r.totalCapacityBytes,
        freeBytes: r.freeBytes,
        allocatedBytes: r.allocatedBytes,
        reservedBytes: r.reservedBytes,
        evidence: r.evidence,
        family: r.family ?? null,
        ...(r.basis === undefined ? {} : { basis: r.basis })
    };
}
function humanText(r) {
    const headline = r.kind === 'not-oom'
        ? 'not-oom: no out-of-memory error found'
        : `${r.kind}: ran out of ${r.kind === 'host-oom' ? 'host' : 'GPU'} memory${r.framework ? ` (${r.framework})` : ''}`;
    const lines = [headline];
    if (r.kind !== 'not-oom')
        lines.push(describeOom(r));
    const advice = familyAdvice(r);
    if (advice)
        lines.push(`what it means: ${advice.title}`, `usual fix: ${advice.fix}`);
    if (r.basis === 'kill') {
        lines.push('basis: only the shape of a SIGKILL; the kernel log (dmesg) says whether the OOM killer sent it');
    }
    if (r.evidence !== null)
        lines.push(`evidence: ${r.evidence}`);
    return lines.join('\n');
}

// The gate (contract 2): which models fail it, and why, in one line each.
const FAILING = new Set(['oom', 'at-risk', 'failed', 'timeout']);
const NOT_AN_OOM = new Set(['failed', 'timeout']);
/** Why this model fails the gate, or null when it does not. */
function failureOf(model) {
    if (model.status === 'skipped')
        return model.refused ? `${model.name}: not run: ${model.reason ?? 'refused'}` : null;
    if (model.expect === 'fit' && FAILING.has(model.status))
        return `${model.name}: ${describeStatus(model)}`;
    // A known OOM passes only as an OOM: a crash, a plain kill or a timeout is not the expected OOM.
    if (model.expect === 'oom' && NOT_AN_OOM.has(model.status))
        return `${model.name}: expected an OOM, but ${describeStatus(model)}`;
    if (model.baseline?.regressed) {
        const ratio = model.baseline.deltaRatio;
        const pct = ratio === null ? '' : ` by ${(ratio * 100).toFixed(1)}%`;
        return `${model.name}: peak memory regressed${pct} over ${model.baseline.commit?.slice(0, 7) ?? 'the base'}`;
    }
    return null;
}
function failingModels(models) {
    return models.map(failureOf).filter((line) => line !== null);
}
function gateOf(models) {
    return failingModels(models).length > 0 ? 'fail' : 'pass';
}
function describeStatus(model) {
    switch (model.status) {
        case 'oom':
            return model.oom?.kind === 'host-oom' ? 'ran out of host memory' : 'ran out of GPU memory';
        case 'at-risk':
            // A reason is set when the run is at risk below the limit (allocator retries).
            if (model.reason)
                return model.reason;
            return `peak ${formatBytes$1(model.peakBytes)} is above the limit (memory minus headroom): it would run out of memory, or come within the headroom, on the target`;
        case 'timeout':
            return 'timed out';
        default:
            return `failed (${model.reason ?? 'non-zero exit'})`;
    }
}

// results.json: the data every stage reads or writes (contract 3 in DESIGN.md).
// Fields of the contract keep their names and meaning; everything else is an optional
// extension so that older files still parse. Unknown values are null, never 0.
const bytes$1 = number().int().nonnegative();
const nullableBytes = bytes$1.nullable();
const STATUSES = ['ok', 'at-risk', 'oom', 'failed', 'timeout', 'skipped'];
const StatusSchema = _enum(STATUSES);
/** What `oom-gate explain --json` prints (contract 4), plus the line that decided it. */
const OomReportSchema = object({
    kind: _enum(['gpu-oom', 'host-oom', 'not-oom']),
    framework: string().nullable(),
    gpuIndex: number().int().nonnegative().nullable(),
    triedToAllocateBytes: nullableBytes,
    totalCapacityBytes: nullableBytes,
    freeBytes: nullableBytes,
    allocatedBytes: nullableBytes,
    reservedBytes: nullableBytes,
    /** The log line (or exit-status fact) the classification rests on. */
    evidence: string().nullable().default(null),
    /**
     * The message family that matched (src/judge/oom/families.ts: `vllm-kv-cache`,
     * `pytorch-caching-allocator`, `windows-paging-file`, `sigkill`, ...); null when none did. The
     * report names the family in words and the fix its users reach for. Absent in older files.
     */
    family: string().nullable().optional(),
    /**
     * What an OOM verdict rests on. `message`: a program or the kernel said memory ran out (a
     * framework's OOM error, `OOMKilled`, `Memory cgroup out of memory: Killed process`, `Out of
     * memory: Killed process`). `kill`: only the shape of a process killed by SIGKILL (`Killed`, exit
     * code 137, `exitcode: -9`, a worker "killed by signal"), with no kernel OOM statement in the log.
     * A SIGKILL of the gate's own run is an OOM only with the kernel's record of it (contract 6), so
     * judges treat `kill` as a claim to check, not a fact. Absent for not-oom and in older files.
     */
    basis: _enum(['message', 'kill']).optional()
});
/**
 * Which measurement `peakBytes` comes from, best first:
 * nvidia-smi per-process rows of our tree; the device's memory.used minus the pre-run
 * baseline (when per-process rows are unusable); torch reserved plus CUDA context; host RSS;
 * the analytical estimate (no run at all).
 */
const PeakSourceSchema = _enum(['nvidia-smi', 'nvidia-smi-device', 'torch', 'host', 'estimate']);
/**
 * The runner, not the model, is broken: nvidia-smi fails, hangs or lost the GPU (contract 6).
 * kind: driver-version-mismatch | driver-not-loaded | no-devices | gpu-lost | nvml-unknown-error |
 * nvml-library-missing | hung | nvidia-smi-error. message and fix are words for the report;
 * detail is what nvidia-smi said (its exit status and first lines), or null.
 */
const RunnerErrorSchema = object({
    kind: string(),
    message: string(),
    fix: string(),
    detail: string().nullable()
});
const PeaksSchema = object({
    nvidiaSmiBytes: nullableBytes,
    torchReservedBytes: nullableBytes,
    torchAllocatedBytes: nullableBytes,
    hostRssBytes: nullableBytes,
    /** Device memory.used minus the baseline taken before the run (fallback attribution). */
    deviceUsedDeltaBytes: nullableBytes.optional(),
    /**
     * How hostRssBytes was measured: the run's own memory cgroup (what the kernel charged it, the
     * number a container limit enforces), the tree's PSS plus /dev/shm growth, or summed RSS.
     */
    hostMethod: _enum(['cgroup-v1', 'cgroup-v2', 'pss', 'rss']).optional()
});
const GpuPeakSchema = object({
    index: number().int().nonnegative(),
    uuid: string().nullable(),
    peakBytes: nullableBytes,
    /** Memory other processes held on this GPU before the run: reported, never counted as ours. */
    baselineBytes: nullableBytes
});
/**
 * PyTorch caching-allocator health of the busiest device (torch.cuda.memory_stats(), sampled by
 * the probe; peaks are maxima over the run, kept across reset_peak_memory_stats). Bytes.
 */
const AllocatorHealthSchema = object({
    /** CUDA device index as the run saw it. */
    device: string(),
    torchVersion: string().nullable(),
    /** num_alloc_retries: cudaMalloc failed, the allocator freed its cache and retried. */
    numAllocRetries: number().int().nonnegative().nullable(),
    /** num_ooms: allocations that raised an out-of-memory error (caught ones too). */
    numOoms: number().int().nonnegative().nullable(),
    peakAllocatedBytes: nullableBytes,
    peakActiveBytes: nullableBytes,
    peakReservedBytes: nullableBytes,
    /** inactive_split_bytes.all.peak: free pieces of split blocks that cannot be released. */
    peakInactiveSplitBytes: nullableBytes,
    /**
     * Reserved but not allocated at the peak: from the snapshot at the peak moment where there is
     * one, else peak reserved minus peak active (a lower bound: at the moment reserved peaked,
     * active was at most its own peak).
     */
    reservedUnallocatedBytes: nullableBytes,
    reservedUnallocatedSource: _enum(['snapshot', 'peaks']).nullable(),
    /** PYTORCH_CUDA_ALLOC_CONF already has expandable_segments:True. */
    expandableSegments: boolean()
});
const SNAPSHOT_CATEGORIES = ['parameters', 'gradients', 'optimizer', 'activations', 'other'];
const SnapshotCategorySchema = _enum(SNAPSHOT_CATEGORIES);
const SnapshotSiteSchema = object({
    /** User-code `file:line (function)` that allocated, torch internals skipped. */
    site: string(),
    category: SnapshotCategorySchema,
    /** Bytes of the blocks from this site alive at the moment (allocator block sizes). */
    bytes: bytes$1,
    blocks: number().int().nonnegative()
});
/** Where the peak came from: torch.cuda.memory._snapshot() summarised at the peak (or the OOM). */
const SnapshotSummarySchema = object({
    /** Layout of the snapshot: 1.13 (segment list, block history), 2.0 (history + traces), 2.1+ (block frames). */
    format: _enum(['torch-1.13', 'torch-2.0', 'torch-2.1']),
    device: number().int().nonnegative(),
    /** peak: replayed from the trace; oom: just before the failing allocation; snapshot: the state when dumped (no trace). */
    moment: _enum(['peak', 'oom', 'snapshot']),
    allocatedBytes: bytes$1,
    reservedBytes: nullableBytes,
    /** The size the failing allocation asked for, at an OOM. */
    oomRequestBytes: nullableBytes,
    traceEvents: number().int().nonnegative(),
    /** The replayed maximum reaches the allocated peak torch reported when the snapshot was taken; null: unknown. */
    coversPeak: boolean().nullable(),
    categories: record(SnapshotCategorySchema, bytes$1),
    /** Largest first; at most 10. */
    sites: array(SnapshotSiteSchema),
    /** Paths relative to the output directory: the pickle for pytorch.org/memory_viz and its JSON twin. */
    files: array(string()).default([]),
    /** Why the probe dumped it: oom, retries, over-limit, peak (measure.snapshot: always). */
    reason: string().nullable().default(null)
});
/** A site's bytes alive at the peak, here and in the baseline's snapshot. */
const SiteGrowthSchema = object({
    site: string(),
    category: SnapshotCategorySchema,
    baseBytes: bytes$1,
    headBytes: bytes$1,
    deltaBytes: number().int()
});
const BaselineCompareSchema = object({
    commit: string().nullable(),
    peakBytes: nullableBytes,
    deltaBytes: number().int().nullable().optional(),
    deltaRatio: number().nullable(),
    regressed: boolean(),
    /** new: not in the base; removed: in the base only. */
    change: _enum(['compared', 'new', 'removed', 'noise', 'unknown']).optional(),
    thresholdRatio: number().optional(),
    spreadBytes: nullableBytes.optional(),
    /** Allocation sites that grew since the base, largest growth first (both sides had a snapshot). */
    sites: array(SiteGrowthSchema).optional(),
    /** Why the base is shown but not compared (measured by another source or on another card). */
    reason: string().nullable().optional()
});
const FixSchema = object({
    id: string(),
    title: string(),
    detail: string(),
    estimatedPeakBytes: bytes$1,
    fits: boolean(),
    warning: string().nullable()
});
const EstimateResultSchema = object({
    totalBytes: bytes$1,
    breakdown: record(string(), number()),
    /** measured / estimated, where the model was measured; estimates of fixes are scaled by it. */
    calibration: number().nullable().optional()
});
const ModelResultSchema = object({
    name: string(),
    status: StatusSchema,
    peakBytes: nullableBytes,
    peakSource: PeakSourceSchema.nullable(),
    peaks: PeaksSchema,
    durationMs: number().int().nonnegative().nullable(),
    exitCode: number().int().nullable(),
    oom: OomReportSchema.nullable(),
    baseline: BaselineCompareSchema.nullable(),
    // ---- extensions ----
    expect: _enum(['fit', 'oom']).default('fit'),
    signal: string().nullable().optional(),
    /** Why a model was skipped or failed without a verdict of its own ("not measured", "fork PR"). */
    reason: string().nullable().optional(),
    /** Skipped because running it was refused (fork PR without approval): fails the gate, unlike a filter. */
    refused: boolean().optional(),
    /** Facts the reader needs to trust the number: fallbacks, emulation, early stop. */
    notes: array(string()).default([]),
    gpus: array(GpuPeakSchema).default([]),
    /** Milliseconds after start when the peak was first reached. */
    peakAtMs: number().int().nonnegative().nullable().optional(),
    stoppedEarly: boolean().optional(),
    /** Stopped because the gate was interrupted (cancel, SIGHUP): status failed, peaks up to then. */
    interrupted: boolean().optional(),
    /** Last lines of output, already redacted. */
    logTail: array(string()).default([]),
    /** Host and card this model was measured on (matters when matrix jobs are merged). */
    measuredOn: object({ host: string().nullable(), gpuName: string().nullable(), runner: string().nullable() })
        .nullable()
        .optional(),
    reusedFrom: string().nullable().optional(),
    /** Judged from the analytical estimate only (static pre-check), nothing was run. */
    estimated: boolean().optional(),
    estimate: EstimateResultSchema.nullable().optional(),
    advice: array(FixSchema).nullable().optional(),
    /**
     * The training framework's own peak from the run's output (mmengine's `memory:` on each log
     * line: torch.cuda.max_memory_allocated in MiB), a cross-check of peakBytes; null when no line
     * carried one. src/judge/trainingLogMemory.ts.
     */
    trainingLog: object({
        peakAllocatedBytes: bytes$1,
        source: _enum(['mmengine', 'mmcv']),
        lines: number().int().positive()
    })
        .nullable()
        .optional(),
    /** measure.repeat: every repetition's peak and their spread (max - min). */
    repeats: object({ peaksBytes: array(bytes$1), spreadBytes: bytes$1 })
        .nullable()
        .optional(),
    /** PyTorch caching-allocator health from the probe (null: no probe record with CUDA use). */
    allocator: AllocatorHealthSchema.nullable().optional(),
    /** Where the peak came from, from a memory snapshot (measure.snapshot). */
    snapshot: SnapshotSummarySchema.nullable().optional(),
    /** Not measured because the runner is broken (nvidia-smi failed before or during this run). */
    runnerError: RunnerErrorSchema.nullable().optional()
});
const GpuInfoSchema = object({
    index: number().int().nonnegative(),
    uuid: string().nullable(),
    name: string().nullable(),
    memoryTotalBytes: nullableBytes,
    memoryUsedBytes: nullableBytes,
    driver: string().nullable(),
    /** MIG mode is enabled (mig.mode.current): runs see a slice, not the whole card; null = unknown. */
    mig: boolean().nullable().optional()
});
const ResultsSchema = object({
    schemaVersion: literal(1),
    gate: _enum(['pass', 'fail']),
    commit: string().nullable(),
    gpu: object({ name: string().nullable(), memoryBytes: nullableBytes, driver: string().nullable() }),
    target: object({
        memoryBytes: bytes$1,
        limitBytes: bytes$1,
        /** True when a bigger runner card was capped to the target's memory. */
        emulated: boolean().optional(),
        /** What the limit applies to: GPU memory, or host memory on a machine without a GPU. */
        measures: _enum(['gpu', 'host']).optional()
    }),
    models: array(ModelResultSchema),
    // ---- extensions ----
    mode: _enum(['measure', 'estimate', 'report']).optional(),
    startedAt: string().nullable().optional(),
    finishedAt: string().nullable().optional(),
    /** False while a run is in progress or when the gate itself crashed: what is here was measured. */
    complete: boolean().optional(),
    gpus: array(GpuInfoSchema).default([]),
    runner: object({
        host: string().nullable(),
        name: string().nullable(),
        torchVersion: string().nullable(),
        sampler: string().nullable()
    })
        .nullable()
        .optional(),
    /**
     * The base commit the regression columns compare with, and how many commits back it is from
     * where the search started (`from`: the PR's base, the merge group's base, or the pushed commit).
     */
    comparedWith: object({
        commit: string(),
        distance: number().int().nonnegative(),
        from: _enum(['pull-request-base', 'merge-group-base', 'push-parent']).optional()
    })
        .nullable()
        .optional(),
    regressionThreshold: number().optional(),
    notes: array(string()).default([]),
    /** The runner is broken (nvidia-smi failing or hung): models not measured failed with this cause. */
    runnerError: RunnerErrorSchema.nullable().optional()
});

const NO_PEAKS = {
    nvidiaSmiBytes: null,
    torchReservedBytes: null,
    torchAllocatedBytes: null,
    hostRssBytes: null
};
function notRun(model, status, reason, options = {}) {
    return {
        name: model.name,
        status,
        expect: model.expect,
        peakBytes: null,
        peakSource: null,
        peaks: NO_PEAKS,
        durationMs: null,
        exitCode: null,
        oom: null,
        baseline: null,
        reason,
        ...(options.refused === undefined ? {} : { refused: options.refused })
    };
}

// `oom-gate report` / `mode: report`: the results of several measure jobs (a matrix over
// runners) become one verdict against the config's full model list.
function mergeResults(config, files) {
    if (files.length === 0)
        throw new UsageError(['oom-gate report: no results.json found; pass --results DIR (repeatable)']);
    const notes = [];
    const measuredIn = new Map();
    const problems = [];
    for (const file of files) {
        for (const model of file.results.models) {
            // A job that filtered a model out says nothing about it.
            if (model.status === 'skipped' && !model.refused)
                continue;
            const earlier = measuredIn.get(model.name);
            if (earlier) {
                problems.push(`${model.name}: measured twice, in ${earlier.path} and ${file.path}; give each model to one job`);
                continue;
            }
            measuredIn.set(model.name, { model, path: file.path });
        }
    }
    if (problems.length > 0)
        throw new UsageError(problems);
    const known = new Set(config.models.map(m => m.name));
    const strangers = [...measuredIn.keys()].filter(name => !known.has(name));
    if (strangers.length > 0)
        notes.push(`ignored results for models not in ${config.path}: ${strangers.join(', ')}`);
    const target = mergedTarget(config, files, notes);
    const models = config.models.map(entry => {
        const found = measuredIn.get(entry.name);
        if (!found)
            return notRun(entry, 'failed', 'not measured: no measure job produced a result for it');
        return rejudge({ ...found.model, expect: entry.expect }, target.limitBytes);
    });
    const gpuNames = [...new Set(files.map(f => f.results.gpu.name).filter((n) => n !== null))];
    if (gpuNames.length > 1)
        notes.push(`results come from runners with different GPU models: ${gpuNames.join(', ')}`);
    const commits = [...new Set(files.map(f => f.results.commit).filter((c) => c !== null))];
    if (commits.length > 1)
        notes.push(`results come from different commits: ${commits.map(c => c.slice(0, 7)).join(', ')}`);
    // What the measure jobs compared with (the same base for all of them): kept, so that a report
    // job that cannot read the history itself still says what the regression columns mean.
    const compared = [
        ...new Map(files.flatMap(f => (f.results.comparedWith ? [f.results.comparedWith] : [])).map(c => [c.commit, c])).values()
    ];
    const first = files[0].results;
    const merged = {
        schemaVersion: 1,
        gate: 'fail',
        commit: commits.length === 1 ? commits[0] : (first.commit ?? null),
        gpu: gpuNames.length > 1
            ? { name: `mixed: ${gpuNames.join(', ')}`, memoryBytes: null, driver: null }
            : first.gpu,
        target: {
            memoryBytes: target.memoryBytes,
            limitBytes: target.limitBytes,
            emulated: files.some(f => f.results.target.emulated),
            measures: files.every(f => f.results.target.measures === 'host') ? 'host' : 'gpu'
        },
        models,
        mode: 'report',
        startedAt: files
            .map(f => f.results.startedAt)
            .filter(Boolean)
            .sort()[0] ?? null,
        finishedAt: new Date().toISOString(),
        complete: files.every(f => f.results.complete !== false),
        gpus: files.flatMap(f => f.results.gpus),
        runner: first.runner ?? null,
        regressionThreshold: config.regression.threshold,
        ...(compared.length === 1 ? { comparedWith: compared[0] } : {}),
        notes: [...new Set([...notes, ...files.flatMap(f => f.results.notes)])],
        // One broken runner of the matrix is the headline, not its models.
        runnerError: files.map(f => f.results.runnerError).find(e => e) ?? null
    };
    const parsed = ResultsSchema.parse(merged);
    return { ...parsed, gate: gateOf(parsed.models) };
}
/**
 * The target comes from the config; "runner" only works when every job's runner agreed on it,
 * since the verdict must use one card.
 */
function mergedTarget(config, files, notes) {
    if (config.gpu.memory !== 'runner') {
        return { memoryBytes: config.gpu.memory, limitBytes: limitBytes(config.gpu.memory, config.gpu.headroom) };
    }
    const sizes = [...new Set(files.map(f => f.results.target.memoryBytes))];
    const smallest = Math.min(...sizes);
    if (sizes.length > 1) {
        notes.push(`gpu.memory is "runner" and the jobs ran on cards of ${sizes.map(s => formatBytes$1(s)).join(', ')}: judged against the smallest`);
    }
    return { memoryBytes: smallest, limitBytes: limitBytes(smallest, config.gpu.headroom) };
}
/** ok and at-risk depend on the limit, which the merge may have changed; failures do not. */
function rejudge(model, limit) {
    if ((model.status !== 'ok' && model.status !== 'at-risk') || model.peakBytes === null)
        return model;
    return { ...model, status: model.peakBytes > limit ? 'at-risk' : 'ok' };
}

// Log excerpts are wrapped in these markers so that whatever must shorten the report
// (the 65,536-character comment limit, the 1 MiB summary limit) can cut them first.
const LOG_BLOCK_START = '<!-- oom-gate:log -->';
const LOG_BLOCK_END = '<!-- /oom-gate:log -->';

// Log text and config strings end up in GitHub-flavoured markdown that GitHub renders:
// nothing from them may close our fences, open HTML, or ping people.
/**
 * A fenced block the text's own backticks cannot close: the fence is longer than any run inside.
 * CommonMark also ends lines at a lone `\r` (progress bars), so those become line breaks here
 * rather than hidden places where a fence could start.
 */
function fencedBlock(text, info = 'text') {
    const body = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
    const longest = Math.max(0, ...Array.from(body.matchAll(/`+/g), m => m[0].length));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return `${fence}${info.replace(/[`\r\n]/g, '')}\n${body}\n${fence}`;
}
/**
 * A string shown inline (model names, paths, parsed log facts): markdown and HTML metacharacters
 * escaped, no mentions, no #123 issue links. `.`, `-` and `+` only matter at the start of a line,
 * where inline strings never are, so numbers like 2.30 GiB stay readable in the raw report.
 */
function escapeInline(text) {
    return text
        .replace(/[\\`*_{}[\]#|~>]/g, ch => `\\${ch}`)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/"/g, '&quot;')
        .replace(/@/g, '@\u200b')
        .replace(/\r\n|\r|\n/g, ' ');
}
/**
 * A string shown inside raw HTML (`<summary>`, attributes): markdown is not parsed there, so
 * backslash escapes would show; entities are what work. Mentions are broken as in escapeInline.
 */
function escapeHtml(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;')
        .replace(/@/g, '@\u200b')
        .replace(/\r\n|\r|\n/g, ' ');
}

// The report's cross-check line: the training framework's own peak (mmengine's `memory:`)
// next to the gate's measured peak. Allocated <= reserved <= what nvidia-smi sees, so a log
// peak above a GPU-sampled peak means the sampler missed part of it.
const GPU_SOURCES = new Set(['nvidia-smi', 'nvidia-smi-device', 'torch']);
/** One markdown line for a model whose output carried `memory:` values, else null. */
function trainingLogLine(m) {
    const log = m.trainingLog;
    if (!log)
        return null;
    const mib = Math.round(log.peakAllocatedBytes / 2 ** 20);
    const lines = `${log.lines} log line${log.lines === 1 ? '' : 's'}`;
    const own = `**${escapeInline(m.name)}**: the training log's own peak: ${mib} MiB allocated (${log.source} \`memory:\`, torch.cuda.max_memory_allocated, ${lines})`;
    if (m.peakBytes === null || m.peakSource === null || !GPU_SOURCES.has(m.peakSource))
        return `${own}.`;
    if (log.peakAllocatedBytes > m.peakBytes) {
        return `${own}, more than the ${formatBytes$1(m.peakBytes)} the gate sampled: the sampler missed part of the peak; a shorter \`measure.interval\` catches it.`;
    }
    return `${own}; the gate's ${formatBytes$1(m.peakBytes)} also counts the allocator's cache and the CUDA context.`;
}

// "Why the memory": a collapsed block per model with PyTorch's allocator health and, from a memory
// snapshot, the allocation sites alive at the peak and those that grew since the baseline. Pure.
const CATEGORY_LABEL = {
    parameters: 'parameters',
    gradients: 'gradients',
    optimizer: 'optimizer state',
    activations: 'activations',
    other: 'other'
};
const REASON_LABEL = {
    oom: 'the run ran out of memory',
    retries: 'the caching allocator had to free its cache and retry',
    'over-limit': "PyTorch's pool plus the memory beyond it passed the limit",
    peak: 'measure.snapshot: always (a dump at each new peak)'
};
/** The collapsed block for one model, or '' when the probe saw no CUDA use and took no snapshot. */
function memoryWhy(m, options = {}) {
    const a = m.allocator ?? null;
    const s = m.snapshot ?? null;
    if (a === null && s === null)
        return '';
    const parts = [];
    if (a !== null)
        parts.push(allocatorLine(m));
    if (s !== null)
        parts.push(...snapshotLines(s, options));
    const grew = m.baseline?.sites ?? [];
    if (grew.length > 0 && m.baseline) {
        parts.push([
            `Grew since ${escapeInline(m.baseline.commit?.slice(0, 7) ?? 'the base')}:`,
            '',
            '| Allocation site | Kind | Base | Now | Change |',
            '| --- | --- | --- | --- | --- |',
            ...grew.map(g => `| ${escapeInline(g.site)} | ${CATEGORY_LABEL[g.category]} | ${formatBytes$1(g.baseBytes)} | ${formatBytes$1(g.headBytes)} | +${formatBytes$1(g.deltaBytes)} |`)
        ].join('\n'));
    }
    const what = s !== null ? 'allocator health and where the peak came from' : 'allocator health';
    return [
        `<details><summary>${escapeHtml(m.name)}: ${what}</summary>`,
        '',
        parts.join('\n\n'),
        '',
        '</details>'
    ].join('\n');
}
function allocatorLine(m) {
    const a = m.allocator;
    const torch = a.torchVersion ? `, PyTorch ${escapeInline(a.torchVersion)}` : '';
    const lines = [
        `Allocator (GPU ${escapeInline(a.device)}${torch}): peak allocated ${formatBytes$1(a.peakAllocatedBytes)}, active ${formatBytes$1(a.peakActiveBytes)}, reserved ${formatBytes$1(a.peakReservedBytes)}.`
    ];
    if (a.reservedUnallocatedBytes !== null) {
        const how = a.reservedUnallocatedSource === 'snapshot'
            ? 'at the peak (memory snapshot)'
            : 'at the peak, at least (peak reserved − peak active)';
        lines.push(`Reserved but unallocated ${how}: ${formatBytes$1(a.reservedUnallocatedBytes)}.`);
    }
    if (a.peakInactiveSplitBytes !== null && a.peakInactiveSplitBytes > 0)
        lines.push(`Inactive split blocks (free pieces that cannot be released) up to ${formatBytes$1(a.peakInactiveSplitBytes)}.`);
    const retries = a.numAllocRetries;
    if (retries !== null) {
        lines.push(retries > 0
            ? `⚠️ ${retries} allocator ${retries === 1 ? 'retry' : 'retries'} (num_alloc_retries): the run fit only after PyTorch freed its cache and retried.`
            : 'No allocator retries.');
    }
    if (a.numOoms !== null && a.numOoms > 0)
        lines.push(`${a.numOoms} out-of-memory ${a.numOoms === 1 ? 'error' : 'errors'} raised by the allocator (num_ooms).`);
    return lines.join('  \n');
}
function snapshotLines(s, options) {
    const out = [];
    const moment = s.moment === 'oom'
        ? `Just before the failing allocation${s.oomRequestBytes !== null ? ` (of ${formatBytes$1(s.oomRequestBytes)})` : ''}`
        : s.moment === 'peak'
            ? `At the peak (replayed from ${s.traceEvents} allocator events)`
            : 'When the snapshot was taken (this torch records no event trace)';
    out.push(`${moment}, GPU ${s.device}: ${formatBytes$1(s.allocatedBytes)} allocated, ${formatBytes$1(s.reservedBytes)} reserved.` +
        (s.coversPeak === false
            ? ' ⚠️ The recorded history does not reach back to the peak torch reported, so this is a later moment.'
            : ''));
    const kinds = Object.entries(s.categories)
        .filter(([, bytes]) => bytes > 0)
        .sort((x, y) => y[1] - x[1])
        .map(([c, bytes]) => `${CATEGORY_LABEL[c]} ${formatBytes$1(bytes)}`);
    if (kinds.length > 0)
        out.push(`By kind: ${kinds.join(' · ')}`);
    const top = s.sites.slice(0, options.topSites ?? 5);
    if (top.length > 0) {
        out.push([
            `Top ${top.length} allocation ${top.length === 1 ? 'site' : 'sites'} by bytes alive (innermost frame outside torch):`,
            '',
            '| Allocation site | Kind | Bytes alive | Blocks |',
            '| --- | --- | --- | --- |',
            ...top.map(t => `| ${escapeInline(t.site)} | ${CATEGORY_LABEL[t.category]} | ${formatBytes$1(t.bytes)} | ${t.blocks} |`)
        ].join('\n'));
    }
    if (s.files.length > 0) {
        const pickle = s.files.find(f => f.endsWith('.pickle')) ?? s.files[0];
        const artifacts = options.artifactsUrl
            ? `[this workflow run's artifacts](${options.artifactsUrl})`
            : "this workflow run's artifacts";
        const why = s.reason ? ` Taken because ${REASON_LABEL[s.reason] ?? escapeInline(s.reason)}.` : '';
        out.push(`Snapshot: \`${pickle.replace(/`/g, '')}\` under the output directory (\`oom-gate-out/\`), in ${artifacts} where the workflow uploads it (the README's workflows do); open it at https://pytorch.org/memory_viz (drop the file on the page).${why}`);
    }
    return out;
}

// Which memory this runner can judge, from what GPU discovery found (contract 6, fail closed):
// - nvidia-smi answered: GPU memory, as configured;
// - no nvidia-smi at all: host memory, but only with `measure.sampler: auto` (or host), and the
//   report says so; a config that asks for GPU memory (sampler nvidia-smi or torch, measure.gpus)
//   is a config error with one line saying how to switch;
// - nvidia-smi present but failing or hung: the runner is broken; nothing is measured and every
//   model fails with the cause and its fix.
// Pure: discovery is done by the caller.
const HOST_JUDGED_NOTE = 'no nvidia-smi on this runner: host memory (the RSS of each run’s process tree) was judged, not GPU memory';
/** Throws UsageError when the config asks for GPU memory on a runner without nvidia-smi. */
function checkRunner(config, discovery) {
    if (discovery === null)
        return { runnerError: null, notes: [] };
    if (discovery.runnerError)
        return { runnerError: discovery.runnerError, notes: [] };
    if (!discovery.absent)
        return { runnerError: null, notes: [] };
    const switchTo = 'to judge host memory instead, set measure.sampler: host';
    if (config.measure.sampler === 'nvidia-smi' || config.measure.sampler === 'torch') {
        throw new UsageError([
            `${config.path}: measure.sampler: ${config.measure.sampler} measures GPU memory, and this runner has no nvidia-smi (no NVIDIA GPU or driver); run on a GPU runner, or ${switchTo}`
        ]);
    }
    if (config.measure.gpus !== null) {
        throw new UsageError([
            `${config.path}: measure.gpus asks for GPUs ${config.measure.gpus.join(', ')}, and this runner has no nvidia-smi (no NVIDIA GPU or driver); run on a GPU runner, or remove measure.gpus and ${switchTo}`
        ]);
    }
    return { runnerError: null, notes: [HOST_JUDGED_NOTE] };
}
/**
 * The target when the runner is broken: the configured card; with `gpu.memory: runner` its size is
 * unknown, which the contract's required number can only carry as 0, said in a note.
 */
function brokenRunnerTarget(config) {
    const memory = config.gpu.memory === 'runner' ? 0 : config.gpu.memory;
    return {
        memoryBytes: memory,
        limitBytes: limitBytes(memory, config.gpu.headroom),
        measures: 'gpu',
        capBytes: null,
        emulated: false,
        notes: config.gpu.memory === 'runner'
            ? ['gpu.memory: runner, and the runner’s card could not be read: the target’s size is unknown']
            : []
    };
}

// The headline when the runner, not a model, failed the gate (contract 6): nvidia-smi failing or
// hung before or during the job. It names the cause and the fix first, then which models it left
// unmeasured, so nobody reads a driver problem as a model that does not fit. Pure.
/** Null when the runner is fine. */
function runnerHeadline(results, prefix) {
    const error = results.runnerError;
    if (!error)
        return null;
    const unmeasured = results.models.filter(m => m.runnerError).map(m => `**${escapeInline(m.name)}**`);
    const lines = [
        `### ❌ ${prefix}: the runner is broken, not the models`,
        `**Cause:** ${escapeInline(error.message)}.  \n**Fix:** ${escapeInline(error.fix)}.`
    ];
    if (unmeasured.length > 0)
        lines.push(`Not measured because of it (failed): ${unmeasured.join(', ')}.`);
    if (error.detail)
        lines.push(`nvidia-smi said: \`${error.detail.replace(/`/g, "'")}\``);
    return lines.join('\n\n');
}
/** How the headline names a host-memory budget: plainly, host memory and not GPU memory was judged. */
function hostBudget(results, size) {
    return `in ${size} of host memory (host memory was judged, not GPU memory: ${hostWhy(results)})`;
}
/** Why host memory was judged: the runner has no nvidia-smi, or the config asked for it. */
function hostWhy(results) {
    return results.notes.includes(HOST_JUDGED_NOTE) ? 'no nvidia-smi on this runner' : 'measure.sampler: host';
}

// report.md, the job summary and the PR comment: one markdown document from results.json.
// Pure: the same results always render the same text.
const STATUS_LABEL = {
    ok: '✅ ok',
    'at-risk': '⚠️ at risk',
    oom: '❌ out of memory',
    failed: '❌ failed',
    timeout: '⏱️ timeout',
    skipped: '⏭️ skipped'
};
const SOURCE_LABEL = {
    'nvidia-smi': 'nvidia-smi, process tree',
    'nvidia-smi-device': 'nvidia-smi, device used − baseline',
    torch: 'torch reserved + context',
    host: 'host RSS',
    estimate: 'estimate'
};
function renderReport(results, options = {}) {
    const sections = [
        headline(results),
        table(results),
        ...results.models.flatMap(m => modelDetails(m, results.target)),
        runnerFacts(results),
        notes(results),
        ...results.models.map(m => memoryWhy(m, { artifactsUrl: options.artifactsUrl })),
        ...results.models.map(m => logExcerpt(m, options.logLines ?? 200))
    ];
    return sections.filter(s => s !== '').join('\n\n') + '\n';
}
function headline(results) {
    const card = cardName(results);
    const prefix = results.mode === 'estimate' ? 'oom-gate (estimates only, nothing was run)' : 'oom-gate';
    const broken = runnerHeadline(results, prefix);
    if (broken !== null)
        return broken;
    if (results.gate === 'pass') {
        const fit = results.models.filter(m => m.status === 'ok').length;
        const known = results.models.filter(m => m.expect === 'oom' && m.status === 'oom').length;
        const also = known > 0 ? `; ${known} known out-of-memory config${known === 1 ? '' : 's'} reported` : '';
        return `### ✅ ${prefix}: ${plural(fit, 'model')} fit ${card}${also}`;
    }
    const failing = failingModels(results.models);
    const names = results.models
        .filter(m => failingModels([m]).length > 0)
        .map(m => `**${escapeInline(m.name)}**`);
    const list = names.length > 0 ? names.join(', ') : 'the gate';
    const lines = [`### ❌ ${prefix}: ${list} would not pass ${card}`];
    if (failing.length > 0)
        lines.push(failing.map(f => `- ${escapeInline(f)}`).join('\n'));
    return lines.join('\n\n');
}
function cardName(results) {
    const size = formatBytes$1(results.target.memoryBytes);
    if (results.target.measures === 'host')
        return hostBudget(results, size);
    const name = results.gpu.name && !results.target.emulated ? `${escapeInline(results.gpu.name)}, ` : '';
    return `on the ${name}${size} target card`;
}
function table(results) {
    const withBase = results.models.some(m => m.baseline !== null);
    const share = results.target.measures === 'host' ? 'Share of budget' : 'Share of card';
    const header = ['Model', 'Status', 'Peak', 'Limit', share, 'Measured by', 'Duration'];
    if (withBase)
        header.push('Base', 'Change');
    const rows = results.models.map(m => {
        const share = m.peakBytes === null ? 'n/a' : `${((m.peakBytes / results.target.memoryBytes) * 100).toFixed(0)}%`;
        const cells = [
            escapeInline(m.name),
            statusCell(m),
            peakCell(m),
            formatBytes$1(results.target.limitBytes),
            share,
            measuredBy(m),
            formatDuration(m.durationMs)
        ];
        if (withBase)
            cells.push(...baseCells(m));
        return `| ${cells.join(' | ')} |`;
    });
    return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows].join('\n');
}
function statusCell(m) {
    if (m.expect === 'oom') {
        if (m.status === 'oom')
            return '☑️ out of memory (expected)';
        if (m.status === 'ok')
            return '🎉 fits now (expected OOM)';
    }
    const label = STATUS_LABEL[m.status];
    return m.estimated ? `${label} (estimate)` : label;
}
function peakCell(m) {
    if (m.peakBytes === null)
        return 'n/a';
    // An OOM's peak is what was reached before the failing allocation: the need is higher.
    return m.status === 'oom' && !m.estimated ? `≥ ${formatBytes$1(m.peakBytes)}` : formatBytes$1(m.peakBytes);
}
/** How host memory was measured (peaks.hostMethod), as the report names it. */
const HOST_METHOD_LABEL = {
    'cgroup-v1': 'host, memory cgroup (v1)',
    'cgroup-v2': 'host, memory cgroup (v2)',
    pss: 'host PSS',
    rss: 'host RSS'
};
function measuredBy(m) {
    if (m.reusedFrom)
        return `reused from ${m.reusedFrom.slice(0, 7)}`;
    if (m.peakSource === null)
        return 'n/a';
    const hostMethod = m.peakSource === 'host' ? m.peaks.hostMethod : undefined;
    const label = (hostMethod && HOST_METHOD_LABEL[hostMethod]) ?? SOURCE_LABEL[m.peakSource] ?? m.peakSource;
    return m.stoppedEarly ? `${label}, stopped early` : label;
}
function baseCells(m) {
    const b = m.baseline;
    if (b === null)
        return ['n/a', 'n/a'];
    if (b.change === 'new')
        return ['—', 'new'];
    if (b.change === 'removed')
        return [formatBytes$1(b.peakBytes), 'removed'];
    if (b.reason)
        return [formatBytes$1(b.peakBytes), `not compared: ${escapeInline(b.reason)}`];
    if (b.peakBytes === null || b.deltaBytes == null)
        return [formatBytes$1(b.peakBytes), 'n/a'];
    const sign = b.deltaBytes > 0 ? '+' : b.deltaBytes < 0 ? '−' : '±';
    const pct = b.deltaRatio === null ? '' : ` (${sign}${Math.abs(b.deltaRatio * 100).toFixed(1)}%)`;
    const arrow = b.regressed ? ' ▲' : b.deltaBytes < 0 && b.change !== 'noise' ? ' ▼' : '';
    const noise = b.change === 'noise' ? ' (within noise)' : '';
    return [formatBytes$1(b.peakBytes), `${sign}${formatBytes$1(Math.abs(b.deltaBytes))}${pct}${arrow}${noise}`];
}
function modelDetails(m, target) {
    const out = [];
    const name = `**${escapeInline(m.name)}**`;
    if (m.status === 'oom' && m.oom && m.estimated) {
        out.push(`${name} would run out of GPU memory: ${escapeInline(m.oom.evidence ?? 'its estimate exceeds the card')}.`);
    }
    else if (m.status === 'oom' && m.oom) {
        const what = m.oom.kind === 'host-oom' ? 'host memory' : 'GPU memory';
        const framework = m.oom.framework ? ` (${escapeInline(m.oom.framework)})` : '';
        out.push(`${name} ran out of ${what}${framework}: ${escapeInline(describeOom(m.oom))}.`);
        const advice = familyAdvice(m.oom);
        if (advice)
            out.push(`What it means: ${escapeInline(advice.title)}. Usual fix: ${escapeInline(advice.fix)}.`);
    }
    else if (m.status === 'at-risk' && m.reason) {
        // At risk below the limit (allocator retries): the reason says why.
        out.push(`${name} finished, but ${escapeInline(m.reason)}.`);
    }
    else if (m.status === 'at-risk' && m.peakBytes !== null) {
        const where = target.measures === 'host' ? 'the host budget' : 'the target card';
        out.push(m.peakBytes > target.memoryBytes
            ? `${name} finished here, but its peak of ${formatBytes$1(m.peakBytes)} is more than ${where}'s ${formatBytes$1(target.memoryBytes)}: there it would run out of memory.`
            : `${name} finished, but its peak of ${formatBytes$1(m.peakBytes)} leaves less than the configured headroom below ${formatBytes$1(target.memoryBytes)}.`);
    }
    else if (m.reason && m.status !== 'ok') {
        out.push(`${name}: ${escapeInline(m.reason)}.`);
    }
    if (m.expect === 'oom' && m.status === 'ok') {
        out.push(`${name} was expected to run out of memory and now fits: consider removing \`expect: oom\`.`);
    }
    const fromLog = trainingLogLine(m);
    if (fromLog)
        out.push(fromLog);
    if (m.advice && m.advice.length > 0)
        out.push(adviceList(m));
    return out;
}
function adviceList(m) {
    const calibrated = m.estimate?.calibration != null;
    const intro = `What would fit for ${escapeInline(m.name)}, estimated${calibrated ? ' and calibrated to this measurement' : ''} (best first):`;
    const items = (m.advice ?? []).map((fix, i) => {
        const mark = fix.fits ? '✅' : '❌';
        const warning = fix.warning ? ` ⚠️ ${escapeInline(fix.warning)}` : '';
        return `${i + 1}. ${mark} ${escapeInline(fix.title)}: about ${formatBytes$1(fix.estimatedPeakBytes)}. ${escapeInline(fix.detail)}${warning}`;
    });
    return [intro, ...items].join('\n');
}
function runnerFacts(results) {
    const lines = [];
    const gpu = results.gpu;
    if (gpu.name !== null) {
        const parts = [escapeInline(gpu.name), formatBytes$1(gpu.memoryBytes)];
        if (gpu.driver)
            parts.push(`driver ${escapeInline(gpu.driver)}`);
        if (results.gpus.length > 1)
            parts.push(`${results.gpus.length} GPUs`);
        if (results.gpus.some(g => g.mig))
            parts.push('partitioned (MIG): runs get a slice, not the whole card');
        lines.push(`Runner: ${parts.join(', ')}`);
    }
    else if (results.runnerError) {
        lines.push('Runner: nvidia-smi failed (see above); no GPU memory was measured');
    }
    else if (results.mode !== 'estimate') {
        lines.push(`Runner: ${hostWhy(results)}; memory is the host RSS of each run’s process tree`);
    }
    const torch = results.runner?.torchVersion;
    if (torch)
        lines.push(`PyTorch ${escapeInline(torch)}`);
    const t = results.target;
    const limit = `limit ${formatBytes$1(t.limitBytes)} (${formatBytes$1(t.memoryBytes)} minus headroom)`;
    lines.push(t.emulated
        ? `Target: ${formatBytes$1(t.memoryBytes)}, emulated on this larger card by capping PyTorch's allocator; ${limit}`
        : `Target: ${limit}`);
    const foreign = results.models.flatMap(m => m.gpus
        .filter(g => (g.baselineBytes ?? 0) > 0)
        .map(g => `GPU ${g.index}: ${formatBytes$1(g.baselineBytes)} before ${escapeInline(m.name)}`));
    if (foreign.length > 0)
        lines.push(`Memory held by other processes (not counted): ${[...new Set(foreign)].join('; ')}`);
    if (results.comparedWith) {
        const { distance, from } = results.comparedWith;
        const start = from === 'merge-group-base'
            ? 'the merge group’s base (the target branch with the PRs queued ahead)'
            : from === 'push-parent'
                ? 'the commit before this push'
                : 'the PR’s base';
        const back = distance === 0 ? start : `${distance} commit${distance === 1 ? '' : 's'} before ${start}`;
        lines.push(`Compared with ${results.comparedWith.commit.slice(0, 7)} (${back})`);
    }
    return lines.join('  \n');
}
function notes(results) {
    const items = [
        ...results.notes.map(n => escapeInline(n)),
        ...results.models.flatMap(m => m.notes.map(n => `${escapeInline(m.name)}: ${escapeInline(n)}`))
    ];
    return items.length === 0 ? '' : ['Notes:', ...items.map(n => `- ${n}`)].join('\n');
}
function logExcerpt(m, maxLines) {
    if (m.logTail.length === 0 || m.status === 'ok' || m.status === 'skipped')
        return '';
    // Tails from older results or other tools may still hold terminal escape codes.
    const lines = m.logTail.slice(-maxLines).map(l => stripVTControlCharacters(l));
    return [
        `<details><summary>${escapeHtml(m.name)}: last ${lines.length} lines of output</summary>`,
        '',
        LOG_BLOCK_START,
        fencedBlock(lines.join('\n')),
        LOG_BLOCK_END,
        '</details>'
    ].join('\n');
}
function plural(n, noun) {
    return n === 1 ? `1 ${noun}` : `${n} ${noun}s`;
}

var utils = {};

var constants;
var hasRequiredConstants;

function requireConstants () {
	if (hasRequiredConstants) return constants;
	hasRequiredConstants = 1;

	const WIN_SLASH = '\\\\/';
	const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

	const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

	/**
	 * Posix glob regex
	 */

	const DOT_LITERAL = '\\.';
	const PLUS_LITERAL = '\\+';
	const QMARK_LITERAL = '\\?';
	const SLASH_LITERAL = '\\/';
	const ONE_CHAR = '(?=.)';
	const QMARK = '[^/]';
	const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
	const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
	const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
	const NO_DOT = `(?!${DOT_LITERAL})`;
	const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
	const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
	const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
	const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
	const STAR = `${QMARK}*?`;
	const SEP = '/';

	const POSIX_CHARS = {
	  DOT_LITERAL,
	  PLUS_LITERAL,
	  QMARK_LITERAL,
	  SLASH_LITERAL,
	  ONE_CHAR,
	  QMARK,
	  END_ANCHOR,
	  DOTS_SLASH,
	  NO_DOT,
	  NO_DOTS,
	  NO_DOT_SLASH,
	  NO_DOTS_SLASH,
	  QMARK_NO_DOT,
	  STAR,
	  START_ANCHOR,
	  SEP
	};

	/**
	 * Windows glob regex
	 */

	const WINDOWS_CHARS = {
	  ...POSIX_CHARS,

	  SLASH_LITERAL: `[${WIN_SLASH}]`,
	  QMARK: WIN_NO_SLASH,
	  STAR: `${WIN_NO_SLASH}*?`,
	  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
	  NO_DOT: `(?!${DOT_LITERAL})`,
	  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
	  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
	  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
	  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
	  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
	  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
	  SEP: '\\'
	};

	/**
	 * POSIX Bracket Regex
	 */

	const POSIX_REGEX_SOURCE = {
	  __proto__: null,
	  alnum: 'a-zA-Z0-9',
	  alpha: 'a-zA-Z',
	  ascii: '\\x00-\\x7F',
	  blank: ' \\t',
	  cntrl: '\\x00-\\x1F\\x7F',
	  digit: '0-9',
	  graph: '\\x21-\\x7E',
	  lower: 'a-z',
	  print: '\\x20-\\x7E ',
	  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
	  space: ' \\t\\r\\n\\v\\f',
	  upper: 'A-Z',
	  word: 'A-Za-z0-9_',
	  xdigit: 'A-Fa-f0-9'
	};

	constants = {
	  DEFAULT_MAX_EXTGLOB_RECURSION,
	  MAX_LENGTH: 1024 * 64,
	  POSIX_REGEX_SOURCE,

	  // regular expressions
	  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
	  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
	  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
	  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
	  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
	  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

	  // Replace globs with equivalent patterns to reduce parsing time.
	  REPLACEMENTS: {
	    __proto__: null,
	    '***': '*',
	    '**/**': '**',
	    '**/**/**': '**'
	  },

	  // Digits
	  CHAR_0: 48, /* 0 */
	  CHAR_9: 57, /* 9 */

	  // Alphabet chars.
	  CHAR_UPPERCASE_A: 65, /* A */
	  CHAR_LOWERCASE_A: 97, /* a */
	  CHAR_UPPERCASE_Z: 90, /* Z */
	  CHAR_LOWERCASE_Z: 122, /* z */

	  CHAR_LEFT_PARENTHESES: 40, /* ( */
	  CHAR_RIGHT_PARENTHESES: 41, /* ) */

	  CHAR_ASTERISK: 42, /* * */

	  // Non-alphabetic chars.
	  CHAR_AMPERSAND: 38, /* & */
	  CHAR_AT: 64, /* @ */
	  CHAR_BACKWARD_SLASH: 92, /* \ */
	  CHAR_CARRIAGE_RETURN: 13, /* \r */
	  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
	  CHAR_COLON: 58, /* : */
	  CHAR_COMMA: 44, /* , */
	  CHAR_DOT: 46, /* . */
	  CHAR_DOUBLE_QUOTE: 34, /* " */
	  CHAR_EQUAL: 61, /* = */
	  CHAR_EXCLAMATION_MARK: 33, /* ! */
	  CHAR_FORM_FEED: 12, /* \f */
	  CHAR_FORWARD_SLASH: 47, /* / */
	  CHAR_GRAVE_ACCENT: 96, /* ` */
	  CHAR_HASH: 35, /* # */
	  CHAR_HYPHEN_MINUS: 45, /* - */
	  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
	  CHAR_LEFT_CURLY_BRACE: 123, /* { */
	  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
	  CHAR_LINE_FEED: 10, /* \n */
	  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
	  CHAR_PERCENT: 37, /* % */
	  CHAR_PLUS: 43, /* + */
	  CHAR_QUESTION_MARK: 63, /* ? */
	  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
	  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
	  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
	  CHAR_SEMICOLON: 59, /* ; */
	  CHAR_SINGLE_QUOTE: 39, /* ' */
	  CHAR_SPACE: 32, /*   */
	  CHAR_TAB: 9, /* \t */
	  CHAR_UNDERSCORE: 95, /* _ */
	  CHAR_VERTICAL_LINE: 124, /* | */
	  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

	  /**
	   * Create EXTGLOB_CHARS
	   */

	  extglobChars(chars) {
	    return {
	      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
	      '?': { type: 'qmark', open: '(?:', close: ')?' },
	      '+': { type: 'plus', open: '(?:', close: ')+' },
	      '*': { type: 'star', open: '(?:', close: ')*' },
	      '@': { type: 'at', open: '(?:', close: ')' }
	    };
	  },

	  /**
	   * Create GLOB_CHARS
	   */

	  globChars(win32) {
	    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
	  }
	};
	return constants;
}

/*global navigator*/

var hasRequiredUtils;

function requireUtils () {
	if (hasRequiredUtils) return utils;
	hasRequiredUtils = 1;
	(function (exports) {

		const {
		  REGEX_BACKSLASH,
		  REGEX_REMOVE_BACKSLASH,
		  REGEX_SPECIAL_CHARS,
		  REGEX_SPECIAL_CHARS_GLOBAL
		} = /*@__PURE__*/ requireConstants();

		exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
		exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
		exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
		exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
		exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

		exports.isWindows = () => {
		  if (typeof navigator !== 'undefined' && navigator.platform) {
		    const platform = navigator.platform.toLowerCase();
		    return platform === 'win32' || platform === 'windows';
		  }

		  if (typeof process !== 'undefined' && process.platform) {
		    return process.platform === 'win32';
		  }

		  return false;
		};

		exports.removeBackslashes = str => {
		  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
		    return match === '\\' ? '' : match;
		  });
		};

		exports.escapeLast = (input, char, lastIdx) => {
		  const idx = input.lastIndexOf(char, lastIdx);
		  if (idx === -1) return input;
		  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
		  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
		};

		exports.removePrefix = (input, state = {}) => {
		  let output = input;
		  if (output.startsWith('./')) {
		    output = output.slice(2);
		    state.prefix = './';
		  }
		  return output;
		};

		exports.wrapOutput = (input, state = {}, options = {}) => {
		  const prepend = options.contains ? '' : '^';
		  const append = options.contains ? '' : '$';

		  let output = `${prepend}(?:${input})${append}`;
		  if (state.negated === true) {
		    output = `(?:^(?!${output}).*$)`;
		  }
		  return output;
		};

		exports.basename = (path, { windows } = {}) => {
		  const segs = path.split(windows ? /[\\/]/ : '/');
		  const last = segs[segs.length - 1];

		  if (last === '') {
		    return segs[segs.length - 2];
		  }

		  return last;
		}; 
	} (utils));
	return utils;
}

var scan_1;
var hasRequiredScan;

function requireScan () {
	if (hasRequiredScan) return scan_1;
	hasRequiredScan = 1;

	const utils = /*@__PURE__*/ requireUtils();
	const {
	  CHAR_ASTERISK,             /* * */
	  CHAR_AT,                   /* @ */
	  CHAR_BACKWARD_SLASH,       /* \ */
	  CHAR_COMMA,                /* , */
	  CHAR_DOT,                  /* . */
	  CHAR_EXCLAMATION_MARK,     /* ! */
	  CHAR_FORWARD_SLASH,        /* / */
	  CHAR_LEFT_CURLY_BRACE,     /* { */
	  CHAR_LEFT_PARENTHESES,     /* ( */
	  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
	  CHAR_PLUS,                 /* + */
	  CHAR_QUESTION_MARK,        /* ? */
	  CHAR_RIGHT_CURLY_BRACE,    /* } */
	  CHAR_RIGHT_PARENTHESES,    /* ) */
	  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
	} = /*@__PURE__*/ requireConstants();

	const isPathSeparator = code => {
	  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
	};

	const depth = token => {
	  if (token.isPrefix !== true) {
	    token.depth = token.isGlobstar ? Infinity : 1;
	  }
	};

	/**
	 * Quickly scans a glob pattern and returns an object with a handful of
	 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
	 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
	 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
	 *
	 * ```js
	 * const pm = require('picomatch');
	 * console.log(pm.scan('foo/bar/*.js'));
	 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
	 * ```
	 * @param {String} `str`
	 * @param {Object} `options`
	 * @return {Object} Returns an object with tokens and regex source string.
	 * @api public
	 */

	const scan = (input, options) => {
	  const opts = options || {};

	  const length = input.length - 1;
	  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
	  const slashes = [];
	  const tokens = [];
	  const parts = [];

	  let str = input;
	  let index = -1;
	  let start = 0;
	  let lastIndex = 0;
	  let isBrace = false;
	  let isBracket = false;
	  let isGlob = false;
	  let isExtglob = false;
	  let isGlobstar = false;
	  let braceEscaped = false;
	  let backslashes = false;
	  let negated = false;
	  let negatedExtglob = false;
	  let finished = false;
	  let braces = 0;
	  let prev;
	  let code;
	  let token = { value: '', depth: 0, isGlob: false };

	  const eos = () => index >= length;
	  const peek = () => str.charCodeAt(index + 1);
	  const advance = () => {
	    prev = code;
	    return str.charCodeAt(++index);
	  };

	  while (index < length) {
	    code = advance();
	    let next;

	    if (code === CHAR_BACKWARD_SLASH) {
	      backslashes = token.backslashes = true;
	      code = advance();

	      if (code === CHAR_LEFT_CURLY_BRACE) {
	        braceEscaped = true;
	      }
	      continue;
	    }

	    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
	      braces++;

	      while (eos() !== true && (code = advance())) {
	        if (code === CHAR_BACKWARD_SLASH) {
	          backslashes = token.backslashes = true;
	          advance();
	          continue;
	        }

	        if (code === CHAR_LEFT_CURLY_BRACE) {
	          braces++;
	          continue;
	        }

	        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
	          isBrace = token.isBrace = true;
	          isGlob = token.isGlob = true;
	          finished = true;

	          if (scanToEnd === true) {
	            continue;
	          }

	          break;
	        }

	        if (braceEscaped !== true && code === CHAR_COMMA) {
	          isBrace = token.isBrace = true;
	          isGlob = token.isGlob = true;
	          finished = true;

	          if (scanToEnd === true) {
	            continue;
	          }

	          break;
	        }

	        if (code === CHAR_RIGHT_CURLY_BRACE) {
	          braces--;

	          if (braces === 0) {
	            braceEscaped = false;
	            isBrace = token.isBrace = true;
	            finished = true;
	            break;
	          }
	        }
	      }

	      if (scanToEnd === true) {
	        continue;
	      }

	      break;
	    }

	    if (code === CHAR_FORWARD_SLASH) {
	      slashes.push(index);
	      tokens.push(token);
	      token = { value: '', depth: 0, isGlob: false };

	      if (finished === true) continue;
	      if (prev === CHAR_DOT && index === (start + 1)) {
	        start += 2;
	        continue;
	      }

	      lastIndex = index + 1;
	      continue;
	    }

	    if (opts.noext !== true) {
	      const isExtglobChar = code === CHAR_PLUS
	        || code === CHAR_AT
	        || code === CHAR_ASTERISK
	        || code === CHAR_QUESTION_MARK
	        || code === CHAR_EXCLAMATION_MARK;

	      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
	        isGlob = token.isGlob = true;
	        isExtglob = token.isExtglob = true;
	        finished = true;
	        if (code === CHAR_EXCLAMATION_MARK && index === start) {
	          negatedExtglob = true;
	        }

	        if (scanToEnd === true) {
	          let parens = 0;

	          while (eos() !== true && (code = advance())) {
	            if (code === CHAR_BACKWARD_SLASH) {
	              backslashes = token.backslashes = true;
	              advance();
	              continue;
	            }

	            if (code === CHAR_LEFT_PARENTHESES) {
	              parens++;
	              continue;
	            }

	            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
	              finished = true;
	              break;
	            }
	          }
	          continue;
	        }
	        break;
	      }
	    }

	    if (code === CHAR_ASTERISK) {
	      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
	      isGlob = token.isGlob = true;
	      finished = true;

	      if (scanToEnd === true) {
	        continue;
	      }
	      break;
	    }

	    if (code === CHAR_QUESTION_MARK) {
	      isGlob = token.isGlob = true;
	      finished = true;

	      if (scanToEnd === true) {
	        continue;
	      }
	      break;
	    }

	    if (code === CHAR_LEFT_SQUARE_BRACKET) {
	      while (eos() !== true && (next = advance())) {
	        if (next === CHAR_BACKWARD_SLASH) {
	          backslashes = token.backslashes = true;
	          advance();
	          continue;
	        }

	        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
	          isBracket = token.isBracket = true;
	          isGlob = token.isGlob = true;
	          finished = true;
	          break;
	        }
	      }

	      if (scanToEnd === true) {
	        continue;
	      }

	      break;
	    }

	    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
	      negated = token.negated = true;
	      start++;
	      continue;
	    }

	    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
	      isGlob = token.isGlob = true;

	      if (scanToEnd === true) {
	        let parens = 1;

	        while (eos() !== true && (code = advance())) {
	          if (code === CHAR_BACKWARD_SLASH) {
	            backslashes = token.backslashes = true;
	            advance();
	            continue;
	          }

	          if (code === CHAR_LEFT_PARENTHESES) {
	            parens++;
	            continue;
	          }

	          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
	            finished = true;
	            break;
	          }
	        }
	        continue;
	      }
	      break;
	    }

	    if (isGlob === true) {
	      finished = true;

	      if (scanToEnd === true) {
	        continue;
	      }

	      break;
	    }
	  }

	  if (opts.noext === true) {
	    isExtglob = false;
	    isGlob = false;
	  }

	  let base = str;
	  let prefix = '';
	  let glob = '';

	  if (start > 0) {
	    prefix = str.slice(0, start);
	    str = str.slice(start);
	    lastIndex -= start;
	  }

	  if (base && isGlob === true && lastIndex > 0) {
	    base = str.slice(0, lastIndex);
	    glob = str.slice(lastIndex);
	  } else if (isGlob === true) {
	    base = '';
	    glob = str;
	  } else {
	    base = str;
	  }

	  if (base && base !== '' && base !== '/' && base !== str) {
	    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
	      base = base.slice(0, -1);
	    }
	  }

	  if (opts.unescape === true) {
	    if (glob) glob = utils.removeBackslashes(glob);

	    if (base && backslashes === true) {
	      base = utils.removeBackslashes(base);
	    }
	  }

	  const state = {
	    prefix,
	    input,
	    start,
	    base,
	    glob,
	    isBrace,
	    isBracket,
	    isGlob,
	    isExtglob,
	    isGlobstar,
	    negated,
	    negatedExtglob
	  };

	  if (opts.tokens === true) {
	    state.maxDepth = 0;
	    if (!isPathSeparator(code)) {
	      tokens.push(token);
	    }
	    state.tokens = tokens;
	  }

	  if (opts.parts === true || opts.tokens === true) {
	    let prevIndex;

	    for (let idx = 0; idx < slashes.length; idx++) {
	      const n = prevIndex !== undefined ? prevIndex + 1 : start;
	      const i = slashes[idx];
	      const value = input.slice(n, i);
	      if (opts.tokens) {
	        if (idx === 0 && start !== 0) {
	          tokens[idx].isPrefix = true;
	          tokens[idx].value = prefix;
	        } else {
	          tokens[idx].value = value;
	        }
	        depth(tokens[idx]);
	        state.maxDepth += tokens[idx].depth;
	      }
	      if (i >= start) {
	        parts.push(value);
	        prevIndex = i;
	      }
	    }

	    const n = prevIndex !== undefined ? prevIndex + 1 : start;
	    const value = input.slice(n);
	    parts.push(value);

	    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
	      tokens[tokens.length - 1].value = value;
	      depth(tokens[tokens.length - 1]);
	      state.maxDepth += tokens[tokens.length - 1].depth;
	    }

	    state.slashes = slashes;
	    state.parts = parts;
	  }

	  return state;
	};

	scan_1 = scan;
	return scan_1;
}

var parse_1;
var hasRequiredParse;

function requireParse () {
	if (hasRequiredParse) return parse_1;
	hasRequiredParse = 1;

	const constants = /*@__PURE__*/ requireConstants();
	const utils = /*@__PURE__*/ requireUtils();

	/**
	 * Constants
	 */

	const {
	  MAX_LENGTH,
	  POSIX_REGEX_SOURCE,
	  REGEX_NON_SPECIAL_CHARS,
	  REGEX_SPECIAL_CHARS_BACKREF,
	  REPLACEMENTS
	} = constants;

	/**
	 * Helpers
	 */

	const expandRange = (args, options) => {
	  if (typeof options.expandRange === 'function') {
	    return options.expandRange(...args, options);
	  }

	  args.sort();
	  const value = `[${args.join('-')}]`;

	  try {
	    /* eslint-disable-next-line no-new */
	    new RegExp(value);
	  } catch (ex) {
	    return args.map(v => utils.escapeRegex(v)).join('..');
	  }

	  return value;
	};

	/**
	 * Create the message for a syntax error
	 */

	const syntaxError = (type, char) => {
	  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
	};

	const splitTopLevel = input => {
	  const parts = [];
	  let bracket = 0;
	  let paren = 0;
	  let quote = 0;
	  let value = '';
	  let escaped = false;

	  for (const ch of input) {
	    if (escaped === true) {
	      value += ch;
	      escaped = false;
	      continue;
	    }

	    if (ch === '\\') {
	      value += ch;
	      escaped = true;
	      continue;
	    }

	    if (ch === '"') {
	      quote = quote === 1 ? 0 : 1;
	      value += ch;
	      continue;
	    }

	    if (quote === 0) {
	      if (ch === '[') {
	        bracket++;
	      } else if (ch === ']' && bracket > 0) {
	        bracket--;
	      } else if (bracket === 0) {
	        if (ch === '(') {
	          paren++;
	        } else if (ch === ')' && paren > 0) {
	          paren--;
	        } else if (ch === '|' && paren === 0) {
	          parts.push(value);
	          value = '';
	          continue;
	        }
	      }
	    }

	    value += ch;
	  }

	  parts.push(value);
	  return parts;
	};

	const isPlainBranch = branch => {
	  let escaped = false;

	  for (const ch of branch) {
	    if (escaped === true) {
	      escaped = false;
	      continue;
	    }

	    if (ch === '\\') {
	      escaped = true;
	      continue;
	    }

	    if (/[?*+@!()[\]{}]/.test(ch)) {
	      return false;
	    }
	  }

	  return true;
	};

	const normalizeSimpleBranch = branch => {
	  let value = branch.trim();
	  let changed = true;

	  while (changed === true) {
	    changed = false;

	    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
	      value = value.slice(2, -1);
	      changed = true;
	    }
	  }

	  if (!isPlainBranch(value)) {
	    return;
	  }

	  return value.replace(/\\(.)/g, '$1');
	};

	const hasRepeatedCharPrefixOverlap = branches => {
	  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

	  for (let i = 0; i < values.length; i++) {
	    for (let j = i + 1; j < values.length; j++) {
	      const a = values[i];
	      const b = values[j];
	      const char = a[0];

	      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
	        continue;
	      }

	      if (a === b || a.startsWith(b) || b.startsWith(a)) {
	        return true;
	      }
	    }
	  }

	  return false;
	};

	const parseRepeatedExtglob = (pattern, requireEnd = true) => {
	  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
	    return;
	  }

	  let bracket = 0;
	  let paren = 0;
	  let quote = 0;
	  let escaped = false;

	  for (let i = 1; i < pattern.length; i++) {
	    const ch = pattern[i];

	    if (escaped === true) {
	      escaped = false;
	      continue;
	    }

	    if (ch === '\\') {
	      escaped = true;
	      continue;
	    }

	    if (ch === '"') {
	      quote = quote === 1 ? 0 : 1;
	      continue;
	    }

	    if (quote === 1) {
	      continue;
	    }

	    if (ch === '[') {
	      bracket++;
	      continue;
	    }

	    if (ch === ']' && bracket > 0) {
	      bracket--;
	      continue;
	    }

	    if (bracket > 0) {
	      continue;
	    }

	    if (ch === '(') {
	      paren++;
	      continue;
	    }

	    if (ch === ')') {
	      paren--;

	      if (paren === 0) {
	        if (requireEnd === true && i !== pattern.length - 1) {
	          return;
	        }

	        return {
	          type: pattern[0],
	          body: pattern.slice(2, i),
	          end: i
	        };
	      }
	    }
	  }
	};

	const buildCharClassStar = chars => {
	  const source = chars.length === 1
	    ? utils.escapeRegex(chars[0])
	    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

	  return `${source}*`;
	};

	const getStarExtglobSequenceChars = pattern => {
	  let index = 0;
	  const chars = [];

	  while (index < pattern.length) {
	    const match = parseRepeatedExtglob(pattern.slice(index), false);

	    if (!match || match.type !== '*') {
	      return;
	    }

	    const branches = splitTopLevel(match.body).map(branch => branch.trim());
	    if (branches.length !== 1) {
	      return;
	    }

	    const branch = normalizeSimpleBranch(branches[0]);
	    if (!branch || branch.length !== 1) {
	      return;
	    }

	    chars.push(branch);
	    index += match.end + 1;
	  }

	  if (chars.length < 1) {
	    return;
	  }

	  return chars;
	};

	const repeatedExtglobRecursion = pattern => {
	  let depth = 0;
	  let value = pattern.trim();
	  let match = parseRepeatedExtglob(value);

	  while (match) {
	    depth++;
	    value = match.body.trim();
	    match = parseRepeatedExtglob(value);
	  }

	  return depth;
	};

	const analyzeRepeatedExtglob = (body, options) => {
	  if (options.maxExtglobRecursion === false) {
	    return { risky: false };
	  }

	  const max =
	    typeof options.maxExtglobRecursion === 'number'
	      ? options.maxExtglobRecursion
	      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

	  const branches = splitTopLevel(body).map(branch => branch.trim());

	  if (branches.length > 1) {
	    if (
	      branches.some(branch => branch === '') ||
	      branches.some(branch => /^[*?]+$/.test(branch)) ||
	      hasRepeatedCharPrefixOverlap(branches)
	    ) {
	      return { risky: true };
	    }
	  }

	  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
	  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
	  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
	  // characters we can emit one flat, ReDoS-safe character class that preserves the
	  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
	  // every branch but the first.
	  const safeChars = [];
	  let sawStarSequence = false;
	  let combinable = true;

	  for (const branch of branches) {
	    const chars = getStarExtglobSequenceChars(branch);
	    if (chars) {
	      sawStarSequence = true;
	      safeChars.push(...chars);
	      continue;
	    }

	    const literal = normalizeSimpleBranch(branch);
	    if (literal && literal.length === 1) {
	      safeChars.push(literal);
	      continue;
	    }

	    combinable = false;

	    if (repeatedExtglobRecursion(branch) > max) {
	      return { risky: true };
	    }
	  }

	  if (sawStarSequence) {
	    return combinable
	      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
	      : { risky: true };
	  }

	  return { risky: false };
	};

	/**
	 * Parse the given input string.
	 * @param {String} input
	 * @param {Object} options
	 * @return {Object}
	 */

	const parse = (input, options) => {
	  if (typeof input !== 'string') {
	    throw new TypeError('Expected a string');
	  }

	  input = REPLACEMENTS[input] || input;

	  const opts = { ...options };
	  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

	  let len = input.length;
	  if (len > max) {
	    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
	  }

	  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
	  const tokens = [bos];

	  const capture = opts.capture ? '' : '?:';

	  // create constants based on platform, for windows or posix
	  const PLATFORM_CHARS = constants.globChars(opts.windows);
	  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

	  const {
	    DOT_LITERAL,
	    PLUS_LITERAL,
	    SLASH_LITERAL,
	    ONE_CHAR,
	    DOTS_SLASH,
	    NO_DOT,
	    NO_DOT_SLASH,
	    NO_DOTS_SLASH,
	    QMARK,
	    QMARK_NO_DOT,
	    STAR,
	    START_ANCHOR
	  } = PLATFORM_CHARS;

	  const globstar = opts => {
	    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
	  };

	  const nodot = opts.dot ? '' : NO_DOT;
	  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
	  let star = opts.bash === true ? globstar(opts) : STAR;

	  if (opts.capture) {
	    star = `(${star})`;
	  }

	  // minimatch options support
	  if (typeof opts.noext === 'boolean') {
	    opts.noextglob = opts.noext;
	  }

	  const state = {
	    input,
	    index: -1,
	    start: 0,
	    dot: opts.dot === true,
	    consumed: '',
	    output: '',
	    prefix: '',
	    backtrack: false,
	    negated: false,
	    brackets: 0,
	    braces: 0,
	    parens: 0,
	    quotes: 0,
	    globstar: false,
	    tokens
	  };

	  input = utils.removePrefix(input, state);
	  len = input.length;

	  const extglobs = [];
	  const braces = [];
	  const stack = [];
	  let prev = bos;
	  let value;

	  /**
	   * Tokenizing helpers
	   */

	  const eos = () => state.index === len - 1;
	  const peek = state.peek = (n = 1) => input[state.index + n];
	  const advance = state.advance = () => input[++state.index] || '';
	  const remaining = () => input.slice(state.index + 1);
	  const consume = (value = '', num = 0) => {
	    state.consumed += value;
	    state.index += num;
	  };

	  const append = token => {
	    state.output += token.output != null ? token.output : token.value;
	    consume(token.value);
	  };

	  const negate = () => {
	    let count = 1;

	    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
	      advance();
	      state.start++;
	      count++;
	    }

	    if (count % 2 === 0) {
	      return false;
	    }

	    state.negated = true;
	    state.start++;
	    return true;
	  };

	  const increment = type => {
	    state[type]++;
	    stack.push(type);
	  };

	  const decrement = type => {
	    state[type]--;
	    stack.pop();
	  };

	  /**
	   * Push tokens onto the tokens array. This helper speeds up
	   * tokenizing by 1) helping us avoid backtracking as much as possible,
	   * and 2) helping us avoid creating extra tokens when consecutive
	   * characters are plain text. This improves performance and simplifies
	   * lookbehinds.
	   */

	  const push = tok => {
	    if (prev.type === 'globstar') {
	      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
	      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

	      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
	        state.output = state.output.slice(0, -prev.output.length);
	        prev.type = 'star';
	        prev.value = '*';
	        prev.output = star;
	        state.output += prev.output;
	      }
	    }

	    if (extglobs.length && tok.type !== 'paren') {
	      extglobs[extglobs.length - 1].inner += tok.value;
	    }

	    if (tok.value || tok.output) append(tok);
	    if (prev && prev.type === 'text' && tok.type === 'text') {
	      prev.output = (prev.output || prev.value) + tok.value;
	      prev.value += tok.value;
	      return;
	    }

	    tok.prev = prev;
	    tokens.push(tok);
	    prev = tok;
	  };

	  const extglobOpen = (type, value) => {
	    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

	    token.prev = prev;
	    token.parens = state.parens;
	    token.output = state.output;
	    token.startIndex = state.index;
	    token.tokensIndex = tokens.length;
	    const output = (opts.capture ? '(' : '') + token.open;

	    increment('parens');
	    push({ type, value, output: state.output ? '' : ONE_CHAR });
	    push({ type: 'paren', extglob: true, value: advance(), output });
	    extglobs.push(token);
	  };

	  const extglobClose = token => {
	    const literal = input.slice(token.startIndex, state.index + 1);
	    const body = input.slice(token.startIndex + 2, state.index);
	    const analysis = analyzeRepeatedExtglob(body, opts);

	    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
	      const safeOutput = analysis.safeOutput
	        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
	        : undefined;
	      const open = tokens[token.tokensIndex];

	      open.type = 'text';
	      open.value = literal;
	      open.output = safeOutput || utils.escapeRegex(literal);

	      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
	        tokens[i].value = '';
	        tokens[i].output = '';
	        delete tokens[i].suffix;
	      }

	      state.output = token.output + open.output;
	      state.backtrack = true;

	      push({ type: 'paren', extglob: true, value, output: '' });
	      decrement('parens');
	      return;
	    }

	    let output = token.close + (opts.capture ? ')' : '');
	    let rest;

	    if (token.type === 'negate') {
	      let extglobStar = star;

	      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
	        extglobStar = globstar(opts);
	      }

	      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
	        output = token.close = `)$))${extglobStar}`;
	      }

	      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
	        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
	        // In this case, we need to parse the string and use it in the output of the original pattern.
	        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
	        //
	        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
	        const expression = parse(rest, { ...options, fastpaths: false }).output;

	        output = token.close = `)${expression})${extglobStar})`;
	      }

	      if (token.prev.type === 'bos') {
	        state.negatedExtglob = true;
	      }
	    }

	    push({ type: 'paren', extglob: true, value, output });
	    decrement('parens');
	  };

	  /**
	   * Fast paths
	   */

	  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
	    let backslashes = false;

	    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
	      if (first === '\\') {
	        backslashes = true;
	        return m;
	      }

	      if (first === '?') {
	        if (esc) {
	          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
	        }
	        if (index === 0) {
	          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
	        }
	        return QMARK.repeat(chars.length);
	      }

	      if (first === '.') {
	        return DOT_LITERAL.repeat(chars.length);
	      }

	      if (first === '*') {
	        if (esc) {
	          return esc + first + (rest ? star : '');
	        }
	        return star;
	      }
	      return esc ? m : `\\${m}`;
	    });

	    if (backslashes === true) {
	      if (opts.unescape === true) {
	        output = output.replace(/\\/g, '');
	      } else {
	        output = output.replace(/\\+/g, m => {
	          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
	        });
	      }
	    }

	    if (output === input && opts.contains === true) {
	      state.output = input;
	      return state;
	    }

	    state.output = utils.wrapOutput(output, state, options);
	    return state;
	  }

	  /**
	   * Tokenize input until we reach end-of-string
	   */

	  while (!eos()) {
	    value = advance();

	    if (value === '\u0000') {
	      continue;
	    }

	    /**
	     * Escaped characters
	     */

	    if (value === '\\') {
	      const next = peek();

	      if (next === '/' && opts.bash !== true) {
	        continue;
	      }

	      if (next === '.' || next === ';') {
	        continue;
	      }

	      if (!next) {
	        value += '\\';
	        push({ type: 'text', value });
	        continue;
	      }

	      // collapse slashes to reduce potential for exploits
	      const match = /^\\+/.exec(remaining());
	      let slashes = 0;

	      if (match && match[0].length > 2) {
	        slashes = match[0].length;
	        state.index += slashes;
	        if (slashes % 2 !== 0) {
	          value += '\\';
	        }
	      }

	      if (opts.unescape === true) {
	        value = advance();
	      } else {
	        value += advance();
	      }

	      if (state.brackets === 0) {
	        push({ type: 'text', value });
	        continue;
	      }
	    }

	    /**
	     * If we're inside a regex character class, continue
	     * until we reach the closing bracket.
	     */

	    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
	      if (opts.posix !== false && value === ':') {
	        const inner = prev.value.slice(1);
	        if (inner.includes('[')) {
	          prev.posix = true;

	          if (inner.includes(':')) {
	            const idx = prev.value.lastIndexOf('[');
	            const pre = prev.value.slice(0, idx);
	            const rest = prev.value.slice(idx + 2);
	            const posix = POSIX_REGEX_SOURCE[rest];
	            if (posix) {
	              prev.value = pre + posix;
	              state.backtrack = true;
	              advance();

	              if (!bos.output && tokens.indexOf(prev) === 1) {
	                bos.output = ONE_CHAR;
	              }
	              continue;
	            }
	          }
	        }
	      }

	      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
	        value = `\\${value}`;
	      }

	      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
	        value = `\\${value}`;
	      }

	      if (opts.posix === true && value === '!' && prev.value === '[') {
	        value = '^';
	      }

	      prev.value += value;
	      append({ value });
	      continue;
	    }

	    /**
	     * If we're inside a quoted string, continue
	     * until we reach the closing double quote.
	     */

	    if (state.quotes === 1 && value !== '"') {
	      value = utils.escapeRegex(value);
	      prev.value += value;
	      append({ value });
	      continue;
	    }

	    /**
	     * Double quotes
	     */

	    if (value === '"') {
	      state.quotes = state.quotes === 1 ? 0 : 1;
	      if (opts.keepQuotes === true) {
	        push({ type: 'text', value });
	      }
	      continue;
	    }

	    /**
	     * Parentheses
	     */

	    if (value === '(') {
	      increment('parens');
	      push({ type: 'paren', value });
	      continue;
	    }

	    if (value === ')') {
	      if (state.parens === 0 && opts.strictBrackets === true) {
	        throw new SyntaxError(syntaxError('opening', '('));
	      }

	      const extglob = extglobs[extglobs.length - 1];
	      if (extglob && state.parens === extglob.parens + 1) {
	        extglobClose(extglobs.pop());
	        continue;
	      }

	      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
	      decrement('parens');
	      continue;
	    }

	    /**
	     * Square brackets
	     */

	    if (value === '[') {
	      if (opts.nobracket === true || !remaining().includes(']')) {
	        if (opts.nobracket !== true && opts.strictBrackets === true) {
	          throw new SyntaxError(syntaxError('closing', ']'));
	        }

	        value = `\\${value}`;
	      } else {
	        increment('brackets');
	      }

	      push({ type: 'bracket', value });
	      continue;
	    }

	    if (value === ']') {
	      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
	        push({ type: 'text', value, output: `\\${value}` });
	        continue;
	      }

	      if (state.brackets === 0) {
	        if (opts.strictBrackets === true) {
	          throw new SyntaxError(syntaxError('opening', '['));
	        }

	        push({ type: 'text', value, output: `\\${value}` });
	        continue;
	      }

	      decrement('brackets');

	      const prevValue = prev.value.slice(1);
	      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
	        value = `/${value}`;
	      }

	      prev.value += value;
	      append({ value });

	      // when literal brackets are explicitly disabled
	      // assume we should match with a regex character class
	      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
	        continue;
	      }

	      const escaped = utils.escapeRegex(prev.value);
	      state.output = state.output.slice(0, -prev.value.length);

	      // when literal brackets are explicitly enabled
	      // assume we should escape the brackets to match literal characters
	      if (opts.literalBrackets === true) {
	        state.output += escaped;
	        prev.value = escaped;
	        continue;
	      }

	      // when the user specifies nothing, try to match both
	      prev.value = `(${capture}${escaped}|${prev.value})`;
	      state.output += prev.value;
	      continue;
	    }

	    /**
	     * Braces
	     */

	    if (value === '{' && opts.nobrace !== true) {
	      increment('braces');

	      const open = {
	        type: 'brace',
	        value,
	        output: '(',
	        outputIndex: state.output.length,
	        tokensIndex: state.tokens.length
	      };

	      braces.push(open);
	      push(open);
	      continue;
	    }

	    if (value === '}') {
	      const brace = braces[braces.length - 1];

	      if (opts.nobrace === true || !brace) {
	        push({ type: 'text', value, output: value });
	        continue;
	      }

	      let output = ')';

	      if (brace.dots === true) {
	        const arr = tokens.slice();
	        const range = [];

	        for (let i = arr.length - 1; i >= 0; i--) {
	          tokens.pop();
	          if (arr[i].type === 'brace') {
	            break;
	          }
	          if (arr[i].type !== 'dots') {
	            range.unshift(arr[i].value);
	          }
	        }

	        output = expandRange(range, opts);
	        state.backtrack = true;
	      }

	      if (brace.comma !== true && brace.dots !== true) {
	        const out = state.output.slice(0, brace.outputIndex);
	        const toks = state.tokens.slice(brace.tokensIndex);
	        brace.value = brace.output = '\\{';
	        value = output = '\\}';
	        state.output = out;
	        for (const t of toks) {
	          state.output += (t.output || t.value);
	        }
	      }

	      push({ type: 'brace', value, output });
	      decrement('braces');
	      braces.pop();
	      continue;
	    }

	    /**
	     * Pipes
	     */

	    if (value === '|') {
	      if (extglobs.length > 0) {
	        extglobs[extglobs.length - 1].conditions++;
	      }
	      push({ type: 'text', value });
	      continue;
	    }

	    /**
	     * Commas
	     */

	    if (value === ',') {
	      let output = value;

	      const brace = braces[braces.length - 1];
	      if (brace && stack[stack.length - 1] === 'braces') {
	        brace.comma = true;
	        output = '|';
	      }

	      push({ type: 'comma', value, output });
	      continue;
	    }

	    /**
	     * Slashes
	     */

	    if (value === '/') {
	      // if the beginning of the glob is "./", advance the start
	      // to the current index, and don't add the "./" characters
	      // to the state. This greatly simplifies lookbehinds when
	      // checking for BOS characters like "!" and "." (not "./")
	      if (prev.type === 'dot' && state.index === state.start + 1) {
	        state.start = state.index + 1;
	        state.consumed = '';
	        state.output = '';
	        tokens.pop();
	        prev = bos; // reset "prev" to the first token
	        continue;
	      }

	      push({ type: 'slash', value, output: SLASH_LITERAL });
	      continue;
	    }

	    /**
	     * Dots
	     */

	    if (value === '.') {
	      if (state.braces > 0 && prev.type === 'dot') {
	        if (prev.value === '.') prev.output = DOT_LITERAL;
	        const brace = braces[braces.length - 1];
	        prev.type = 'dots';
	        prev.output += value;
	        prev.value += value;
	        brace.dots = true;
	        continue;
	      }

	      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
	        push({ type: 'text', value, output: DOT_LITERAL });
	        continue;
	      }

	      push({ type: 'dot', value, output: DOT_LITERAL });
	      continue;
	    }

	    /**
	     * Question marks
	     */

	    if (value === '?') {
	      const isGroup = prev && prev.value === '(';
	      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
	        extglobOpen('qmark', value);
	        continue;
	      }

	      if (prev && prev.type === 'paren') {
	        const next = peek();
	        let output = value;

	        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
	          output = `\\${value}`;
	        }

	        push({ type: 'text', value, output });
	        continue;
	      }

	      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
	        push({ type: 'qmark', value, output: QMARK_NO_DOT });
	        continue;
	      }

	      push({ type: 'qmark', value, output: QMARK });
	      continue;
	    }

	    /**
	     * Exclamation
	     */

	    if (value === '!') {
	      if (opts.noextglob !== true && peek() === '(') {
	        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
	          extglobOpen('negate', value);
	          continue;
	        }
	      }

	      if (opts.nonegate !== true && state.index === 0) {
	        negate();
	        continue;
	      }
	    }

	    /**
	     * Plus
	     */

	    if (value === '+') {
	      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
	        extglobOpen('plus', value);
	        continue;
	      }

	      if ((prev && prev.value === '(') || opts.regex === false) {
	        push({ type: 'plus', value, output: PLUS_LITERAL });
	        continue;
	      }

	      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
	        push({ type: 'plus', value });
	        continue;
	      }

	      push({ type: 'plus', value: PLUS_LITERAL });
	      continue;
	    }

	    /**
	     * Plain text
	     */

	    if (value === '@') {
	      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
	        push({ type: 'at', extglob: true, value, output: '' });
	        continue;
	      }

	      push({ type: 'text', value });
	      continue;
	    }

	    /**
	     * Plain text
	     */

	    if (value !== '*') {
	      if (value === '$' || value === '^') {
	        value = `\\${value}`;
	      }

	      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
	      if (match) {
	        value += match[0];
	        state.index += match[0].length;
	      }

	      push({ type: 'text', value });
	      continue;
	    }

	    /**
	     * Stars
	     */

	    if (prev && (prev.type === 'globstar' || prev.star === true)) {
	      prev.type = 'star';
	      prev.star = true;
	      prev.value += value;
	      prev.output = star;
	      state.backtrack = true;
	      state.globstar = true;
	      consume(value);
	      continue;
	    }

	    let rest = remaining();
	    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
	      extglobOpen('star', value);
	      continue;
	    }

	    if (prev.type === 'star') {
	      if (opts.noglobstar === true) {
	        consume(value);
	        continue;
	      }

	      const prior = prev.prev;
	      const before = prior.prev;
	      const isStart = prior.type === 'slash' || prior.type === 'bos';
	      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

	      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
	        push({ type: 'star', value, output: '' });
	        continue;
	      }

	      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
	      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
	      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
	        push({ type: 'star', value, output: '' });
	        continue;
	      }

	      // strip consecutive `/**/`
	      while (rest.slice(0, 3) === '/**') {
	        const after = input[state.index + 4];
	        if (after && after !== '/') {
	          break;
	        }
	        rest = rest.slice(3);
	        consume('/**', 3);
	      }

	      // A globstar followed only by balanced closing parens is at the logical end of patterns like
	      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
	      // parent path, except in negated extglobs where that would change the exclusion semantics.
	      const isEnd = eos() || (
	        state.parens > 0
	        && rest === ')'.repeat(state.parens)
	        && !extglobs.some(extglob => extglob.type === 'negate')
	      );

	      if (prior.type === 'bos' && eos()) {
	        prev.type = 'globstar';
	        prev.value += value;
	        prev.output = globstar(opts);
	        state.output = prev.output;
	        state.globstar = true;
	        consume(value);
	        continue;
	      }

	      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
	        state.output = state.output.slice(0, -(prior.output + prev.output).length);
	        prior.output = `(?:${prior.output}`;

	        prev.type = 'globstar';
	        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
	        prev.value += value;
	        state.globstar = true;
	        state.output += prior.output + prev.output;
	        consume(value);
	        continue;
	      }

	      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
	        const end = rest[1] !== void 0 ? '|$' : '';

	        state.output = state.output.slice(0, -(prior.output + prev.output).length);
	        prior.output = `(?:${prior.output}`;

	        prev.type = 'globstar';
	        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
	        prev.value += value;

	        state.output += prior.output + prev.output;
	        state.globstar = true;

	        consume(value + advance());

	        push({ type: 'slash', value: '/', output: '' });
	        continue;
	      }

	      if (prior.type === 'bos' && rest[0] === '/') {
	        prev.type = 'globstar';
	        prev.value += value;
	        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
	        state.output = prev.output;
	        state.globstar = true;
	        consume(value + advance());
	        push({ type: 'slash', value: '/', output: '' });
	        continue;
	      }

	      // remove single star from output
	      state.output = state.output.slice(0, -prev.output.length);

	      // reset previous token to globstar
	      prev.type = 'globstar';
	      prev.output = globstar(opts);
	      prev.value += value;

	      // reset output with globstar
	      state.output += prev.output;
	      state.globstar = true;
	      consume(value);
	      continue;
	    }

	    const token = { type: 'star', value, output: star };

	    if (opts.bash === true) {
	      token.output = '.*?';
	      if (prev.type === 'bos' || prev.type === 'slash') {
	        token.output = nodot + token.output;
	      }
	      push(token);
	      continue;
	    }

	    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
	      token.output = value;
	      push(token);
	      continue;
	    }

	    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
	      if (prev.type === 'dot') {
	        state.output += NO_DOT_SLASH;
	        prev.output += NO_DOT_SLASH;

	      } else if (opts.dot === true) {
	        state.output += NO_DOTS_SLASH;
	        prev.output += NO_DOTS_SLASH;

	      } else {
	        state.output += nodot;
	        prev.output += nodot;
	      }

	      if (peek() !== '*') {
	        state.output += ONE_CHAR;
	        prev.output += ONE_CHAR;
	      }
	    }

	    push(token);
	  }

	  while (state.brackets > 0) {
	    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
	    state.output = utils.escapeLast(state.output, '[');
	    decrement('brackets');
	  }

	  while (state.parens > 0) {
	    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
	    state.output = utils.escapeLast(state.output, '(');
	    decrement('parens');
	  }

	  while (state.braces > 0) {
	    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
	    state.output = utils.escapeLast(state.output, '{');
	    decrement('braces');
	  }

	  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
	    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
	  }

	  // rebuild the output if we had to backtrack at any point
	  if (state.backtrack === true) {
	    state.output = '';

	    for (const token of state.tokens) {
	      state.output += token.output != null ? token.output : token.value;

	      if (token.suffix) {
	        state.output += token.suffix;
	      }
	    }
	  }

	  return state;
	};

	/**
	 * Fast paths for creating regular expressions for common glob patterns.
	 * This can significantly speed up processing and has very little downside
	 * impact when none of the fast paths match.
	 */

	parse.fastpaths = (input, options) => {
	  const opts = { ...options };
	  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
	  const len = input.length;
	  if (len > max) {
	    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
	  }

	  input = REPLACEMENTS[input] || input;

	  // create constants based on platform, for windows or posix
	  const {
	    DOT_LITERAL,
	    SLASH_LITERAL,
	    ONE_CHAR,
	    DOTS_SLASH,
	    NO_DOT,
	    NO_DOTS,
	    NO_DOTS_SLASH,
	    STAR,
	    START_ANCHOR
	  } = constants.globChars(opts.windows);

	  const nodot = opts.dot ? NO_DOTS : NO_DOT;
	  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
	  const capture = opts.capture ? '' : '?:';
	  const state = { negated: false, prefix: '' };
	  let star = opts.bash === true ? '.*?' : STAR;

	  if (opts.capture) {
	    star = `(${star})`;
	  }

	  const globstar = opts => {
	    if (opts.noglobstar === true) return star;
	    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
	  };

	  const create = str => {
	    switch (str) {
	      case '*':
	        return `${nodot}${ONE_CHAR}${star}`;

	      case '.*':
	        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

	      case '*.*':
	        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

	      case '*/*':
	        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

	      case '**':
	        return nodot + globstar(opts);

	      case '**/*':
	        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

	      case '**/*.*':
	        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

	      case '**/.*':
	        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

	      default: {
	        const match = /^(.*?)\.(\w+)$/.exec(str);
	        if (!match) return;

	        const source = create(match[1]);
	        if (!source) return;

	        return source + DOT_LITERAL + match[2];
	      }
	    }
	  };

	  const output = utils.removePrefix(input, state);
	  let source = create(output);

	  if (source && opts.strictSlashes !== true) {
	    source += `${SLASH_LITERAL}?`;
	  }

	  return source;
	};

	parse_1 = parse;
	return parse_1;
}

var picomatch_1$1;
var hasRequiredPicomatch$1;

function requirePicomatch$1 () {
	if (hasRequiredPicomatch$1) return picomatch_1$1;
	hasRequiredPicomatch$1 = 1;

	const scan = /*@__PURE__*/ requireScan();
	const parse = /*@__PURE__*/ requireParse();
	const utils = /*@__PURE__*/ requireUtils();
	const constants = /*@__PURE__*/ requireConstants();
	const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

	/**
	 * Creates a matcher function from one or more glob patterns. The
	 * returned function takes a string to match as its first argument,
	 * and returns true if the string is a match. The returned matcher
	 * function also takes a boolean as the second argument that, when true,
	 * returns an object with additional information.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch(glob[, options]);
	 *
	 * const isMatch = picomatch('*.!(*a)');
	 * console.log(isMatch('a.a')); //=> false
	 * console.log(isMatch('a.b')); //=> true
	 *
	 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
	 * const picomatch = require('picomatch/posix');
	 * // the same API, defaulting to posix paths
	 * const isMatch = picomatch('a/*');
	 * console.log(isMatch('a\\b')); //=> false
	 * console.log(isMatch('a/b')); //=> true
	 *
	 * // you can still configure the matcher function to accept windows paths
	 * const isMatch = picomatch('a/*', { options: windows });
	 * console.log(isMatch('a\\b')); //=> true
	 * console.log(isMatch('a/b')); //=> true
	 * ```
	 * @name picomatch
	 * @param {String|Array} `globs` One or more glob patterns.
	 * @param {Object=} `options`
	 * @return {Function=} Returns a matcher function.
	 * @api public
	 */

	const picomatch = (glob, options, returnState = false) => {
	  if (Array.isArray(glob)) {
	    const fns = glob.map(input => picomatch(input, options, returnState));
	    const arrayMatcher = str => {
	      for (const isMatch of fns) {
	        const state = isMatch(str);
	        if (state) return state;
	      }
	      return false;
	    };
	    return arrayMatcher;
	  }

	  const isState = isObject(glob) && glob.tokens && glob.input;

	  if (glob === '' || (typeof glob !== 'string' && !isState)) {
	    throw new TypeError('Expected pattern to be a non-empty string');
	  }

	  const opts = options || {};
	  const posix = opts.windows;
	  const regex = isState
	    ? picomatch.compileRe(glob, options)
	    : picomatch.makeRe(glob, options, false, true);

	  const state = regex.state;
	  delete regex.state;

	  let isIgnored = () => false;
	  if (opts.ignore) {
	    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
	    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
	  }

	  const matcher = (input, returnObject = false) => {
	    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
	    const result = { glob, state, regex, posix, input, output, match, isMatch };

	    if (typeof opts.onResult === 'function') {
	      opts.onResult(result);
	    }

	    if (isMatch === false) {
	      result.isMatch = false;
	      return returnObject ? result : false;
	    }

	    if (isIgnored(input)) {
	      if (typeof opts.onIgnore === 'function') {
	        opts.onIgnore(result);
	      }
	      result.isMatch = false;
	      return returnObject ? result : false;
	    }

	    if (typeof opts.onMatch === 'function') {
	      opts.onMatch(result);
	    }
	    return returnObject ? result : true;
	  };

	  if (returnState) {
	    matcher.state = state;
	  }

	  return matcher;
	};

	/**
	 * Test `input` with the given `regex`. This is used by the main
	 * `picomatch()` function to test the input string.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.test(input, regex[, options]);
	 *
	 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
	 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
	 * ```
	 * @param {String} `input` String to test.
	 * @param {RegExp} `regex`
	 * @return {Object} Returns an object with matching info.
	 * @api public
	 */

	picomatch.test = (input, regex, options, { glob, posix } = {}) => {
	  if (typeof input !== 'string') {
	    throw new TypeError('Expected input to be a string');
	  }

	  if (input === '') {
	    return { isMatch: false, output: '' };
	  }

	  const opts = options || {};
	  const format = opts.format || (posix ? utils.toPosixSlashes : null);
	  let match = input === glob;
	  let output = (match && format) ? format(input) : input;

	  if (match === false) {
	    output = format ? format(input) : input;
	    match = output === glob;
	  }

	  if (match === false || opts.capture === true) {
	    if (opts.matchBase === true || opts.basename === true) {
	      match = picomatch.matchBase(input, regex, options, posix);
	    } else {
	      match = regex.exec(output);
	    }
	  }

	  return { isMatch: Boolean(match), match, output };
	};

	/**
	 * Match the basename of a filepath.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.matchBase(input, glob[, options]);
	 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
	 * ```
	 * @param {String} `input` String to test.
	 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
	 * @return {Boolean}
	 * @api public
	 */

	picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
	  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
	  return regex.test(utils.basename(input, { windows: posix }));
	};

	/**
	 * Returns true if **any** of the given glob `patterns` match the specified `string`.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.isMatch(string, patterns[, options]);
	 *
	 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
	 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
	 * ```
	 * @param {String|Array} str The string to test.
	 * @param {String|Array} patterns One or more glob patterns to use for matching.
	 * @param {Object} [options] See available [options](#options).
	 * @return {Boolean} Returns true if any patterns match `str`
	 * @api public
	 */

	picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

	/**
	 * Parse a glob pattern to create the source string for a regular
	 * expression.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * const result = picomatch.parse(pattern[, options]);
	 * ```
	 * @param {String} `pattern`
	 * @param {Object} `options`
	 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
	 * @api public
	 */

	picomatch.parse = (pattern, options) => {
	  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
	  return parse(pattern, { ...options, fastpaths: false });
	};

	/**
	 * Scan a glob pattern to separate the pattern into segments.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.scan(input[, options]);
	 *
	 * const result = picomatch.scan('!./foo/*.js');
	 * console.log(result);
	 * { prefix: '!./',
	 *   input: '!./foo/*.js',
	 *   start: 3,
	 *   base: 'foo',
	 *   glob: '*.js',
	 *   isBrace: false,
	 *   isBracket: false,
	 *   isGlob: true,
	 *   isExtglob: false,
	 *   isGlobstar: false,
	 *   negated: true }
	 * ```
	 * @param {String} `input` Glob pattern to scan.
	 * @param {Object} `options`
	 * @return {Object} Returns an object with
	 * @api public
	 */

	picomatch.scan = (input, options) => scan(input, options);

	/**
	 * Compile a regular expression from the `state` object returned by the
	 * [parse()](#parse) method.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * const state = picomatch.parse('*.js');
	 * // picomatch.compileRe(state[, options]);
	 *
	 * console.log(picomatch.compileRe(state));
	 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
	 * ```
	 * @param {Object} `state`
	 * @param {Object} `options`
	 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
	 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
	 * @return {RegExp}
	 * @api public
	 */

	picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
	  if (returnOutput === true) {
	    return state.output;
	  }

	  const opts = options || {};
	  const prepend = opts.contains ? '' : '^';
	  const append = opts.contains ? '' : '$';

	  let source = `${prepend}(?:${state.output})${append}`;
	  if (state && state.negated === true) {
	    source = `^(?!${source}).*$`;
	  }

	  const regex = picomatch.toRegex(source, options);
	  if (returnState === true) {
	    regex.state = state;
	  }

	  return regex;
	};

	/**
	 * Create a regular expression from a parsed glob pattern.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.makeRe(state[, options]);
	 *
	 * const result = picomatch.makeRe('*.js');
	 * console.log(result);
	 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
	 * ```
	 * @param {String} `state` The object returned from the `.parse` method.
	 * @param {Object} `options`
	 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
	 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
	 * @return {RegExp} Returns a regex created from the given pattern.
	 * @api public
	 */

	picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
	  if (!input || typeof input !== 'string') {
	    throw new TypeError('Expected a non-empty string');
	  }

	  let parsed = { negated: false, fastpaths: true };

	  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
	    parsed.output = parse.fastpaths(input, options);
	  }

	  if (!parsed.output) {
	    parsed = parse(input, options);
	  }

	  return picomatch.compileRe(parsed, options, returnOutput, returnState);
	};

	/**
	 * Create a regular expression from the given regex source string.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.toRegex(source[, options]);
	 *
	 * const { output } = picomatch.parse('*.js');
	 * console.log(picomatch.toRegex(output));
	 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
	 * ```
	 * @param {String} `source` Regular expression source string.
	 * @param {Object} `options`
	 * @return {RegExp}
	 * @api public
	 */

	picomatch.toRegex = (source, options) => {
	  try {
	    const opts = options || {};
	    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
	  } catch (err) {
	    if (options && options.debug === true) throw err;
	    return /$^/;
	  }
	};

	/**
	 * Picomatch constants.
	 * @return {Object}
	 */

	picomatch.constants = constants;

	/**
	 * Expose "picomatch"
	 */

	picomatch_1$1 = picomatch;
	return picomatch_1$1;
}

var picomatch_1;
var hasRequiredPicomatch;

function requirePicomatch () {
	if (hasRequiredPicomatch) return picomatch_1;
	hasRequiredPicomatch = 1;

	const pico = /*@__PURE__*/ requirePicomatch$1();
	const utils = /*@__PURE__*/ requireUtils();

	function picomatch(glob, options, returnState = false) {
	  // default to os.platform()
	  if (options && (options.windows === null || options.windows === undefined)) {
	    // don't mutate the original options object
	    options = { ...options, windows: utils.isWindows() };
	  }

	  return pico(glob, options, returnState);
	}

	Object.assign(picomatch, pico);
	picomatch_1 = picomatch;
	return picomatch_1;
}

var picomatchExports = /*@__PURE__*/ requirePicomatch();
var picomatch = /*@__PURE__*/getDefaultExportFromCjs(picomatchExports);

// Paths matching a glob, on Node 20 (fs.globSync arrived in Node 22).
function globPaths(pattern) {
    const { base, glob } = picomatch.scan(pattern);
    const root = base === '' ? '.' : base;
    const match = picomatch(glob, { dot: false });
    let entries;
    try {
        entries = readdirSync(root, { recursive: true, encoding: 'utf8' });
    }
    catch {
        return [];
    }
    return entries
        .filter(e => match(e))
        .map(e => join(root, e))
        .sort();
}

// results.json on disk: written atomically after every model so that a crash of the gate
// (or of the machine) leaves what was measured so far, never a half-written file.
const RESULTS_FILE = 'results.json';
const REPORT_FILE = 'report.md';
function writeFileAtomic(path, text) {
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, path);
}
function writeResults(dir, results) {
    const parsed = ResultsSchema.parse(results);
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, RESULTS_FILE), JSON.stringify(parsed, null, 2) + '\n');
    return parsed;
}
function writeReport(dir, markdown) {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, REPORT_FILE), markdown);
}
/** Reads a results.json written by any oom-gate run; a bad file is a usage error naming it. */
function readResults(path) {
    let text;
    try {
        text = readFileSync(path, 'utf8');
    }
    catch (error) {
        throw new UsageError([
            `${path}: cannot be read (${error.code ?? String(error)})`
        ]);
    }
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        throw new UsageError([`${path}: not valid JSON; it should be a results.json written by oom-gate run`]);
    }
    const parsed = ResultsSchema.safeParse(json);
    if (!parsed.success) {
        const first = parsed.error.issues[0];
        const where = first ? first.path.join('.') : '';
        throw new UsageError([`${path}: not an oom-gate results.json (${where}: ${first?.message ?? 'invalid'})`]);
    }
    return parsed.data;
}

// `--out DIR` must be a directory (or not exist yet): results.json and report.md go inside it.
// A file there is a usage error (exit 2) before anything runs, not an internal error after
// an hour of measuring.
function checkOutDir(path) {
    let isDirectory;
    try {
        isDirectory = statSync(path).isDirectory();
    }
    catch {
        return; // created when the results are written
    }
    if (!isDirectory)
        throw new UsageError([
            `--out ${path}: is a file, not a directory; give a directory for results.json and report.md`
        ]);
}

// `oom-gate report`: merge the results.json of several `run`s (matrix jobs) and judge them.
const REPORT_USAGE = `Usage: oom-gate report [--config PATH] --results DIR... [--out DIR]

Merges the results.json of several oom-gate runs (one per matrix job), judges them against the
config's full model list, and writes DIR/results.json and DIR/report.md (default oom-gate-out).
  --config PATH      config file (default ${DEFAULT_CONFIG_PATH})
  --results DIR...   directories holding results.json (or the files themselves, or globs):
                     --results a b, or --results a --results b
  --out DIR          output directory (default oom-gate-out)
Exit codes: 0 gate passed, 1 gate failed, 2 usage or config error, 3 internal error.`;
async function reportCommand(argv, io) {
    const { values } = parseFlags('report', argv, {
        config: { type: 'string', default: DEFAULT_CONFIG_PATH },
        results: { type: 'string', multiple: true, default: [] },
        out: { type: 'string', default: 'oom-gate-out' },
        help: { type: 'boolean', short: 'h', default: false }
    }, { variadic: ['results'] });
    if (values.help) {
        io.out(REPORT_USAGE);
        return 0;
    }
    checkOutDir(values.out);
    const { results } = mergeResultDirs(values.config, values.results, values.out);
    io.out(`oom-gate: merged ${results.models.length} models; gate ${results.gate === 'pass' ? 'passed' : 'FAILED'}`);
    return results.gate === 'pass' ? 0 : 1;
}
/** Shared by the CLI and `mode: report`: find, read, merge, write. */
function mergeResultDirs(configPath, patterns, outDir, 
/** Baseline comparison (history), applied before the gate is decided. */
compare) {
    const config = loadConfig(configPath);
    const paths = findResultFiles(patterns);
    let merged = mergeResults(config, paths.map(path => ({ path, results: readResults(path) })));
    const results = writeResults(outDir, merged);
    const reportMarkdown = renderReport(results);
    writeReport(outDir, reportMarkdown);
    return { results, reportMarkdown };
}
/** results.json files named by directories, files or globs, each found once. */
function findResultFiles(patterns) {
    if (patterns.length === 0)
        throw new UsageError(['oom-gate report: --results DIR is required (a directory holding results.json)']);
    const found = [];
    for (const pattern of patterns
        .flatMap(p => p.split(/\n/))
        .map(p => p.trim())
        .filter(Boolean)) {
        const matches = /[*?[{]/.test(pattern) ? globPaths(pattern) : [pattern];
        const files = matches.flatMap(m => resultFilesUnder(m));
        if (files.length === 0)
            throw new UsageError([`--results ${pattern}: no ${RESULTS_FILE} there`]);
        found.push(...files);
    }
    return [...new Set(found)];
}
function resultFilesUnder(path) {
    if (!existsSync(path))
        return [];
    if (!statSync(path).isDirectory())
        return [path];
    const direct = join(path, RESULTS_FILE);
    if (existsSync(direct))
        return [direct];
    // download-artifact without merge-multiple puts each artifact in its own folder.
    return globPaths(`${path}/*/${RESULTS_FILE}`);
}

function adviseModel(result, model, limitBytes) {
    if (result.status !== 'oom' && result.status !== 'at-risk')
        return result;
    // Measured fragmentation: an allocator setting, ranked with the recipe changes (or alone).
    const allocatorFix = expandableSegmentsFix(result.allocator, {
        peakBytes: result.peakBytes ?? null,
        limitBytes,
        oomRequestBytes: result.status === 'oom' ? (result.oom?.triedToAllocateBytes ?? 0) : null
    });
    if (model.estimate === null) {
        return {
            ...result,
            ...(allocatorFix !== null ? { advice: [allocatorFix] } : {}),
            notes: [
                ...(result.notes ?? []),
                'add an `estimate:` block (arch, image, patch, batch, precision) to this model to get ranked fixes'
            ]
        };
    }
    const estimate = estimatePeak(model.estimate);
    // Only a finished run's peak is a measurement of the whole need; an OOM stopped short of it.
    const measured = result.status === 'at-risk' && !result.estimated ? result.peakBytes : null;
    const calibration = measured != null && estimate.totalBytes > 0 ? measured / estimate.totalBytes : null;
    return {
        ...result,
        estimate: { totalBytes: estimate.totalBytes, breakdown: estimate.breakdown, calibration },
        advice: withAllocatorFix(rankFixes(model.estimate, { limitBytes, measuredPeakBytes: measured ?? null }), allocatorFix)
    };
}

// The static pre-check (mode: estimate): judge a model from its analytical estimate, run nothing.
function judgeEstimate(model, target) {
    if (model.estimate === null) {
        const reason = 'no `estimate:` block in the config, so there is nothing to judge without a GPU';
        return { ...notRun(model, 'skipped', reason), estimated: true };
    }
    const estimate = estimatePeak(model.estimate);
    const total = estimate.totalBytes;
    const over = total > target.memoryBytes;
    return {
        name: model.name,
        expect: model.expect,
        status: over ? 'oom' : total > target.limitBytes ? 'at-risk' : 'ok',
        estimated: true,
        peakBytes: total,
        peakSource: 'estimate',
        peaks: NO_PEAKS,
        durationMs: null,
        exitCode: null,
        baseline: null,
        oom: over
            ? {
                kind: 'gpu-oom',
                framework: null,
                gpuIndex: null,
                triedToAllocateBytes: null,
                totalCapacityBytes: target.memoryBytes,
                freeBytes: null,
                allocatedBytes: null,
                reservedBytes: null,
                evidence: `estimated peak ${formatBytes$1(total)} exceeds the card's ${formatBytes$1(target.memoryBytes)}`
            }
            : null,
        estimate: { totalBytes: total, breakdown: estimate.breakdown, calibration: null }
    };
}

const quote = (line) => (line ? ` ("${line}")` : '');
// Order matters: the first rule with a matching line wins.
const RULES = [
    {
        kind: 'driver-version-mismatch',
        line: /Driver\/library version mismatch/i,
        exitCodes: [18],
        message: line => `the NVIDIA driver loaded in the kernel and its user-space library (NVML) are different versions${quote(line)}; usually a driver update without a reboot`,
        fix: 'reboot the runner, or reload the NVIDIA kernel modules (stop what uses the GPU, `rmmod nvidia_uvm nvidia_drm nvidia_modeset nvidia`, then run nvidia-smi) so the loaded driver matches the installed one'
    },
    {
        kind: 'driver-not-loaded',
        // Any apostrophe: "couldn't", "couldn’t", "couldn‘t" are all seen in the wild.
        line: /couldn.t communicate with the NVIDIA driver/i,
        exitCodes: [9],
        message: line => `nvidia-smi cannot reach the NVIDIA driver${quote(line)}: the kernel module is not loaded`,
        fix: 'install or rebuild the driver for the running kernel (a kernel update without DKMS leaves it unloaded) and reboot; inside a container, start it with the NVIDIA runtime (`--gpus all`)'
    },
    {
        kind: 'gpu-lost',
        line: /Unable to determine the device handle for GPU|fallen off the bus|GPU is lost/i,
        exitCodes: [15],
        message: line => `a GPU stopped answering the driver${quote(line)}: it has fallen off the bus or is otherwise lost (Xid 79)`,
        fix: 'reboot the runner; if it happens again, check the card’s power, cooling and seating (dmesg shows the Xid) and take the runner out of service until it is fixed'
    },
    {
        kind: 'nvml-unknown-error',
        line: /Failed to initialize NVML: Unknown Error/i,
        exitCodes: [],
        message: line => `NVML cannot open the GPU${quote(line)}: in a container this means it lost access to the GPU device files, typically after a \`systemctl daemon-reload\` on the host`,
        fix: 'restart the job’s container; for a lasting fix follow the NVIDIA Container Toolkit’s notice on "Failed to initialize NVML: Unknown Error" (device rules lost on systemd reloads, e.g. use CDI)'
    },
    {
        kind: 'no-devices',
        line: /No devices were found/i,
        exitCodes: [6],
        message: line => `the driver is loaded but sees no GPU${quote(line)}`,
        fix: 'check that the card is present (`lspci | grep -i nvidia`) and dmesg for NVRM errors; inside a container, pass the GPUs to it (`--gpus all`, NVIDIA_VISIBLE_DEVICES)'
    },
    {
        kind: 'nvml-library-missing',
        line: /couldn.t find libnvidia-ml\.so|NVML Shared Library Not Found/i,
        exitCodes: [12],
        message: line => `nvidia-smi cannot load NVML (libnvidia-ml.so)${quote(line)}`,
        fix: 'install the driver’s user-space libraries matching the kernel module; inside a container, start it with the NVIDIA runtime (`--gpus all`) so they are mounted'
    }
];
const WARNING = /^WARNING:/i;
/** nvidia-smi's exit status for a corrupted infoROM: a warning, the rows that follow are valid. */
const INFOROM_WARNING_EXIT = 14;
function lines(run) {
    return `${run.stdout}\n${run.stderr}`
        .split('\n')
        .map(l => l.trim())
        .filter(l => l !== '');
}
/** The rule whose message this one line is, if any: for lines that appear inside an -lms stream. */
/** One line for logs and reasons: the cause, then the fix. */
function describeRunnerError(error) {
    return `the runner is broken, not the model: ${error.message}. Fix: ${error.fix}`;
}
function runnerErrorInLine(line) {
    const text = line.trim();
    const rule = RULES.find(r => r.line.test(text));
    return rule ? { kind: rule.kind, message: rule.message(text), fix: rule.fix, detail: text } : null;
}
/**
 * Classifies one nvidia-smi run. A hang (timedOut) is the driver hung; a known message is its
 * kind whatever the exit status; an unknown message with a known exit status is that status's
 * kind; any other non-zero exit quotes the first line. Exit 0, and exit 14 (infoROM warning),
 * are not errors: their WARNING lines come back as warnings. Never throws.
 */
function classifyNvidiaSmi(run) {
    const all = lines(run);
    const warnings = all.filter(l => WARNING.test(l));
    const said = all.filter(l => !WARNING.test(l));
    const detail = (status) => `nvidia-smi ${status}${said.length > 0 ? `: ${said.slice(0, 3).join(' | ').slice(0, 400)}` : ''}`;
    if (run.timedOut) {
        const within = run.timeoutMs !== undefined ? ` within ${Math.round(run.timeoutMs / 100) / 10}s` : '';
        return {
            warnings,
            error: {
                kind: 'hung',
                message: `nvidia-smi did not answer${within}: the NVIDIA driver is hung (its calls are stuck in the kernel)`,
                fix: 'reboot the runner: processes stuck in the driver cannot be killed; dmesg usually shows the Xid that hung it',
                detail: detail(`gave up after ${run.timeoutMs ?? '?'} ms`)
            }
        };
    }
    const status = `exited with ${run.exitCode ?? 'a signal'}`;
    for (const rule of RULES) {
        const line = said.find(l => rule.line.test(l));
        if (line !== undefined)
            return { warnings, error: { ...pick(rule, line), detail: detail(status) } };
    }
    if (run.exitCode === 0 || run.exitCode === INFOROM_WARNING_EXIT)
        return { warnings, error: null };
    const byStatus = RULES.find(r => run.exitCode !== null && r.exitCodes.includes(run.exitCode));
    if (byStatus)
        return { warnings, error: { ...pick(byStatus, said[0] ?? null), detail: detail(status) } };
    const first = said[0] ?? warnings[0] ?? null;
    return {
        warnings,
        error: {
            kind: 'nvidia-smi-error',
            message: `nvidia-smi ${status}${first ? `: "${first.slice(0, 200)}"` : ' and printed nothing'}`,
            fix: 'run nvidia-smi on the runner to see the whole error and repair the driver; to judge host memory instead, set measure.sampler: host',
            detail: detail(status)
        }
    };
}
function pick(rule, line) {
    return { kind: rule.kind, message: rule.message(line), fix: rule.fix };
}

// Cells of nvidia-smi's CSV output (`--format=csv[,noheader][,nounits]`).
// Fields are joined by ", "; memory is integer MiB, with a " MiB" suffix unless `nounits`;
// unavailable values print as `[N/A]`, `[Not Supported]`, `[Unknown Error]`... and are unknown, never 0.
const MIB$1 = 1024 * 1024;
function splitCsvRow(line) {
    return line.split(',').map(cell => cell.trim());
}
/** Bytes from a memory cell ("1234", "1234 MiB"); null for bracketed "[N/A]"-style values and garbage. */
function parseMiBCell(cell) {
    if (cell === undefined)
        return null;
    const match = /^(\d+)(?:\s*MiB)?$/.exec(cell.trim());
    if (!match)
        return null;
    return Number(match[1]) * MIB$1;
}
/** A cell that is present but says the value is unavailable ("[N/A]", "N/A", "[Not Supported]"). */
function isUnavailableCell(cell) {
    if (cell === undefined)
        return false;
    const text = cell.trim();
    return /^\[[^\]]*\]$/.test(text) || text === 'N/A';
}
function parseIntCell(cell) {
    if (cell === undefined || !/^\d+$/.test(cell.trim()))
        return null;
    return Number(cell.trim());
}

// Rows of `nvidia-smi --query-compute-apps=pid,gpu_uuid,used_memory --format=csv[,noheader][,nounits]`.
// A row's memory is null when the driver cannot say ([N/A] under containers, MIG, WDDM): unknown, not 0.
const COMPUTE_APPS_FIELDS = 'pid,gpu_uuid,used_memory';
function parseComputeAppsLine(line) {
    const text = line.trim();
    // Some drivers say so instead of printing nothing: an empty tick, not a stray line.
    if (text === '' || /^No running (compute )?processes found/i.test(text))
        return { kind: 'blank' };
    const cells = splitCsvRow(text);
    if (cells[0] === 'pid')
        return { kind: 'header' };
    if (cells.length !== 3)
        return { kind: 'stray', text };
    const pid = parseIntCell(cells[0]);
    const gpuUuid = cells[1] ?? '';
    const usedBytes = parseMiBCell(cells[2]);
    if (pid === null || !/^(GPU|MIG)-[\w-]+$/.test(gpuUuid))
        return { kind: 'stray', text };
    if (usedBytes === null && !isUnavailableCell(cells[2]))
        return { kind: 'stray', text };
    return { kind: 'row', row: { pid, gpuUuid, usedBytes } };
}
/**
 * With `noheader` an `-lms` stream has no separator between ticks, and a tick with no process
 * prints nothing at all. A new tick starts when a row's key (pid, GPU) repeats within the current
 * tick (one process cannot appear twice on one GPU in one tick), when more than gapMs passed since
 * the previous row (nvidia-smi writes a tick's rows at once), or after a header/blank line.
 * Splitting a tick in two only under-reports that instant; merging two would double-count, which
 * the repeated-key rule prevents for every process that appears in both.
 */
class TickGrouper {
    gapMs;
    tick = -1;
    keys = new Set();
    lastAtMs = Number.NEGATIVE_INFINITY;
    separated = true;
    constructor(gapMs) {
        this.gapMs = gapMs;
    }
    /** The tick id (0, 1, 2...) this row belongs to. */
    add(key, atMs) {
        if (this.separated || this.keys.has(key) || atMs - this.lastAtMs > this.gapMs) {
            this.tick++;
            this.keys.clear();
            this.separated = false;
        }
        this.keys.add(key);
        this.lastAtMs = atMs;
        return this.tick;
    }
    separate() {
        this.separated = true;
    }
    get current() {
        return this.tick;
    }
}

const GPU_QUERY_FIELDS = 'index,uuid,name,memory.total,memory.used,driver_version';
function parseGpuQueryLine(line) {
    const text = line.trim();
    if (text === '')
        return { kind: 'blank' };
    const cells = splitCsvRow(text);
    if (cells[0] === 'index')
        return { kind: 'header' };
    if (cells.length < 6)
        return { kind: 'stray', text };
    const index = parseIntCell(cells[0]);
    const uuid = cells[1] ?? '';
    if (index === null || !/^GPU-[\w-]+$/.test(uuid))
        return { kind: 'stray', text };
    // A name could hold a comma: it is everything between the uuid and the last three fields.
    const tail = cells.slice(-3);
    const name = cells.slice(2, -3).join(', ');
    const driver = tail[2] ?? '';
    return {
        kind: 'row',
        gpu: {
            index,
            uuid,
            name: name === '' || name.startsWith('[') ? null : name,
            memoryTotalBytes: parseMiBCell(tail[0]),
            memoryUsedBytes: parseMiBCell(tail[1]),
            driver: driver === '' || driver.startsWith('[') ? null : driver
        }
    };
}
/** All GPU rows of a one-shot query's output (header, stray lines ignored). */
function parseGpuQuery(stdout) {
    const gpus = [];
    for (const line of stdout.split('\n')) {
        const parsed = parseGpuQueryLine(line);
        if (parsed.kind === 'row')
            gpus.push(parsed.gpu);
    }
    return gpus;
}

// Which nvidia-smi the gate runs: OOM_GATE_NVIDIA_SMI (a path) when set, else the first on PATH.
function nvidiaSmiCommand() {
    return process.env.OOM_GATE_NVIDIA_SMI || 'nvidia-smi';
}

// One bounded nvidia-smi invocation. nvidia-smi can be missing, fail (NVML errors) or hang in the
// driver, so this never throws and always settles by timeoutMs, even if the process cannot be killed.
// A failure says whether nvidia-smi is absent (not a GPU runner) or present and broken (a runner
// error, classified by runnerHealth.ts); warnings before valid rows (infoROM) come back with them.
const MAX_OUTPUT = 1024 * 1024;
function nvidiaSmiOnce(args, timeoutMs) {
    return new Promise(resolve => {
        let settled = false;
        let stdout = '';
        let stderr = '';
        const finish = (result) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            resolve(result);
        };
        const command = nvidiaSmiCommand();
        const broken = (code, timedOut, error) => ({
            ok: false,
            error,
            missing: false,
            runnerError: classifyNvidiaSmi({ exitCode: code, stdout, stderr, timedOut, timeoutMs }).error
        });
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            // A process stuck in the driver may never exit: stop listening to it.
            child.stdout?.destroy();
            child.stderr?.destroy();
            child.unref();
            finish(broken(null, true, `${command} did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        child.stdout?.setEncoding('utf8');
        child.stdout?.on('data', (chunk) => {
            if (stdout.length < MAX_OUTPUT)
                stdout += chunk;
        });
        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (chunk) => {
            if (stderr.length < MAX_OUTPUT)
                stderr += chunk;
        });
        child.on('error', err => {
            const code = err.code;
            if (code === 'ENOENT')
                finish({ ok: false, error: `${command} not found`, missing: true, runnerError: null });
            else
                finish(broken(null, false, `${command}: ${err.message}`));
        });
        child.on('close', (code, signal) => {
            const verdict = classifyNvidiaSmi({ exitCode: code, stdout, stderr, timedOut: false, timeoutMs });
            if (verdict.error === null && code !== null) {
                finish({ ok: true, stdout, warnings: verdict.warnings });
                return;
            }
            const said = `${stdout}\n${stderr}`.trim().split('\n')[0]?.slice(0, 200) ?? '';
            finish({
                ok: false,
                error: `${command} exited with ${code ?? signal}${said ? `: ${said}` : ''}`,
                missing: false,
                runnerError: verdict.error
            });
        });
    });
}

const DEFAULT_QUERY_TIMEOUT_MS = 10_000;
async function queryGpus(timeoutMs = DEFAULT_QUERY_TIMEOUT_MS) {
    const result = await nvidiaSmiOnce([`--query-gpu=${GPU_QUERY_FIELDS}`, '--format=csv,noheader,nounits'], timeoutMs);
    if (!result.ok)
        return result;
    const gpus = parseGpuQuery(result.stdout);
    if (gpus.length === 0) {
        const said = result.stdout.trim().split('\n')[0]?.slice(0, 200) ?? '';
        return {
            ok: false,
            error: 'nvidia-smi listed no GPU',
            missing: false,
            runnerError: {
                kind: 'no-devices',
                message: `nvidia-smi answered but listed no GPU${said ? ` ("${said}")` : ''}`,
                fix: 'check that the card is present (`lspci | grep -i nvidia`) and dmesg for NVRM errors; inside a container, pass the GPUs to it (`--gpus all`)',
                detail: said || null
            }
        };
    }
    return { ok: true, value: gpus, warnings: result.warnings };
}
/**
 * MIG mode per GPU index (`mig.mode.current`): true Enabled, false Disabled, null unknown
 * ([N/A] on cards without MIG, or a driver too old to know the field). Never fails: an error is
 * an empty map, since discovery already proved nvidia-smi works.
 */
async function queryMigModes(timeoutMs = DEFAULT_QUERY_TIMEOUT_MS) {
    const modes = new Map();
    const result = await nvidiaSmiOnce(['--query-gpu=index,mig.mode.current', '--format=csv,noheader'], timeoutMs);
    if (!result.ok)
        return modes;
    for (const line of result.stdout.split('\n')) {
        const [indexCell, modeCell] = splitCsvRow(line);
        const index = parseIntCell(indexCell);
        if (index === null)
            continue;
        modes.set(index, modeCell === 'Enabled' ? true : modeCell === 'Disabled' ? false : null);
    }
    return modes;
}
async function queryComputeApps(timeoutMs = DEFAULT_QUERY_TIMEOUT_MS) {
    const result = await nvidiaSmiOnce([`--query-compute-apps=${COMPUTE_APPS_FIELDS}`, '--format=csv,noheader,nounits'], timeoutMs);
    if (!result.ok)
        return result;
    const rows = [];
    for (const line of result.stdout.split('\n')) {
        const parsed = parseComputeAppsLine(line);
        if (parsed.kind === 'row')
            rows.push(parsed.row);
    }
    return { ok: true, value: rows, warnings: result.warnings };
}

async function discoverGpus(options = {}) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    const result = await queryGpus(timeoutMs);
    if (!result.ok) {
        return {
            gpus: [],
            driver: null,
            notes: [`no GPU found: ${result.error}`],
            absent: result.missing,
            runnerError: result.runnerError
        };
    }
    const notes = result.warnings.map(w => `nvidia-smi warned "${w}"; its rows were used`);
    const modes = await queryMigModes(timeoutMs);
    const gpus = result.value.map(g => ({ ...g, mig: modes.get(g.index) ?? null }));
    for (const gpu of gpus.filter(g => g.mig)) {
        notes.push(`GPU ${gpu.index} is partitioned (MIG mode enabled): runs get a slice of it, not its whole memory`);
    }
    const driver = gpus.find(g => g.driver !== null)?.driver ?? null;
    return { gpus, driver, notes, absent: false, runnerError: null };
}

// Which model starts on which GPUs, and when. Longest expected first, so that the long runs do
// not end up alone at the tail; each model starts as soon as enough GPUs are free (list
// scheduling: a narrow model may start ahead of a wide one that does not fit yet, rather than
// leave GPUs idle). Pure: the executor in measure/runModels.ts asks `pickStarts` every time a
// model ends; `simulateSchedule` plays the same rules forward for tests and benchmarks.
/**
 * Longest expected duration first (the last known one, from history). A model with no known
 * duration goes ahead of those with one: it is new or changed and could be the longest, and
 * starting a short run early costs little. Config order among equals, so without any history
 * the order is the config's.
 */
function priorityOrder(models, expectedDurationMs) {
    const expected = (m) => {
        const ms = expectedDurationMs?.get(m.name);
        return ms === undefined || !Number.isFinite(ms) || ms < 0 ? Number.POSITIVE_INFINITY : ms;
    };
    return models
        .map((model, i) => ({ model, i, ms: expected(model) }))
        .sort((a, b) => (a.ms === b.ms ? a.i - b.i : b.ms - a.ms))
        .map(x => x.model);
}
/**
 * The models of `waiting` (in priority order) that start now on the `free` GPUs: each in turn
 * takes the lowest free indices it needs, if there are enough; one that does not fit is passed
 * over for now.
 */
function pickStarts(waiting, free) {
    let left = [...free].sort((a, b) => a - b);
    const starts = [];
    for (const model of waiting) {
        if (model.gpus > left.length)
            continue;
        starts.push({ model, gpus: left.slice(0, model.gpus) });
        left = left.slice(model.gpus);
    }
    return starts;
}
/** Models that can never start: they need more GPUs than the whole pool. */
function tooWide(models, poolSize) {
    return models.filter(m => m.gpus > poolSize);
}
/** Whether two of these models can ever run at the same time on a pool of this size. */
function canOverlap(models, poolSize) {
    const widths = models
        .map(m => m.gpus)
        .filter(w => w <= poolSize)
        .sort((a, b) => a - b);
    return widths.length >= 2 && widths[0] + widths[1] <= poolSize;
}

// GPUs that another job is using when the gate starts: not used, so that a smoke run neither
// shares a card with a stranger (and runs out of memory because of it) nor is judged on a
// card that is partly taken. Pure: the caller queries nvidia-smi right before the first start.
/**
 * Default of `measure.gpu-idle`: memory.used of a card with no process listed above which it counts as busy. Since driver
 * R510 an idle card reads a few hundred MiB of driver-reserved memory; 1 GiB stays clear of
 * that, while a process hidden from nvidia-smi's process list (another container's, without
 * the host PID namespace) holds its CUDA context plus its tensors, typically well above it.
 * A stranger holding less than that is missed by this rule; it still shows up as its row when
 * nvidia-smi lists it, which is the main rule. A desktop's display (Xorg, a compositor: graphics
 * processes, which --query-compute-apps does not list) can hold more: raise the setting there.
 */
const IDLE_USED_LIMIT_BYTES = 1024 * 2 ** 20;
/**
 * Splits `gpus` into free and busy. `processes` are the compute processes at this instant,
 * none of them ours (nothing of the gate runs yet), or null when they could not be listed;
 * `memoryUsedBytes` of each GPU should be as fresh.
 */
function findBusyGpus(gpus, processes, idleBytes = IDLE_USED_LIMIT_BYTES) {
    const free = [];
    const busy = [];
    for (const gpu of gpus) {
        const strangers = (processes ?? []).filter(p => gpu.uuid !== null && p.gpuUuid === gpu.uuid);
        const used = gpu.memoryUsedBytes;
        if (strangers.length > 0) {
            const list = strangers
                .slice(0, 5)
                .map(p => `pid ${p.pid}${p.usedBytes !== null ? ` ${formatBytes$1(p.usedBytes)}` : ''}`);
            const more = strangers.length > 5 ? ` and ${strangers.length - 5} more` : '';
            busy.push({ gpu, why: `another process holds memory on it (${list.join(', ')}${more})` });
        }
        else if (used !== null && used > idleBytes) {
            busy.push({
                gpu,
                why: `${formatBytes$1(used)} in use and no process listed (an idle card reads less than ${formatBytes$1(idleBytes)}, measure.gpu-idle; a process of another container, or a display?)`
            });
        }
        else
            free.push(gpu);
    }
    return { free, busy };
}

const sleep = (ms, abort) => new Promise(resolve => {
    const timer = setTimeout(done, ms);
    function done() {
        clearTimeout(timer);
        abort?.removeEventListener('abort', done);
        resolve();
    }
    abort?.addEventListener('abort', done, { once: true });
});
async function waitForIdleGpus(gpus, o) {
    const started = Date.now();
    let firstCheck = true;
    const pollMs = o.pollMs ?? Math.min(2000, Math.max(200, o.waitMs / 10));
    for (;;) {
        const [cards, apps] = await Promise.all([queryGpus(), queryComputeApps()]);
        if (!cards.ok || !apps.ok) {
            const failed = !cards.ok ? cards : !apps.ok ? apps : null;
            const runnerError = failed?.runnerError ?? {
                kind: 'nvidia-smi-error',
                message: `nvidia-smi is gone from this runner (${failed?.error ?? 'no answer'})`,
                fix: 'check that the NVIDIA driver and nvidia-smi are still installed on the runner',
                detail: null
            };
            return { free: [], busy: [], waitedMs: Date.now() - started, runnerError };
        }
        const fresh = gpus.map(g => {
            const now = cards.value.find(c => (g.uuid ? c.uuid === g.uuid : c.index === g.index));
            return now ? { ...g, memoryUsedBytes: now.memoryUsedBytes } : g;
        });
        const { free, busy } = findBusyGpus(fresh, apps.value, o.idleBytes);
        const waitedMs = firstCheck ? 0 : Date.now() - started;
        if (o.explicit)
            return { free: [...gpus], busy, waitedMs, runnerError: null };
        if (free.length >= o.needed || Date.now() - started >= o.waitMs || o.abort?.aborted) {
            return {
                free: gpus.filter(g => free.some(f => f.index === g.index)),
                busy,
                waitedMs,
                runnerError: null
            };
        }
        firstCheck = false;
        await sleep(Math.max(0, Math.min(pollMs, o.waitMs - (Date.now() - started))), o.abort);
    }
}

// One model's share of the gate's log while several models run at once. Live lines (start,
// progress, verdict) go out as they happen, each prefixed by the model's name. The command's
// output goes into a collapsible group of its own where the caller has groups (the Actions
// log); groups cannot nest or interleave, so while other models may be printing, the output
// is kept and printed as one group when the model ends. Run alone, it streams inside an open group.
// Without groups (the CLI) every line goes out live, already prefixed `  name | line`.
/** Most output lines kept for a deferred group; earlier ones are dropped (results.json keeps the tail). */
const MAX_GROUP_LINES = 20_000;
/** Most characters kept for a deferred group: long lines must not grow the gate either. */
const MAX_GROUP_CHARS = 8 * 1024 * 1024;
class ModelLog {
    name;
    log;
    groups;
    parallel;
    kept = [];
    keptChars = 0;
    dropped = 0;
    open = false;
    constructor(name, log, groups, 
    /** Other models may print while this one runs. */
    parallel) {
        this.name = name;
        this.log = log;
        this.groups = groups;
        this.parallel = parallel;
    }
    get title() {
        return `${this.name}: output`;
    }
    begin(line) {
        this.log(line);
        if (this.groups && !this.parallel) {
            this.groups.start(this.title);
            this.open = true;
        }
    }
    /** A line of the command's output. */
    output(line) {
        if (!this.groups || !this.parallel) {
            this.log(line);
            return;
        }
        this.kept.push(line);
        this.keptChars += line.length;
        // Trimmed in batches: shifting one line at a time would cost O(n) per line.
        if (this.kept.length >= 2 * MAX_GROUP_LINES || this.keptChars >= 2 * MAX_GROUP_CHARS)
            this.trim();
    }
    trim() {
        let excess = Math.max(0, this.kept.length - MAX_GROUP_LINES);
        let chars = this.keptChars;
        for (let i = 0; i < excess; i++)
            chars -= this.kept[i].length;
        while (chars > MAX_GROUP_CHARS && excess < this.kept.length - 1)
            chars -= this.kept[excess++].length;
        if (excess <= 0)
            return;
        this.kept.splice(0, excess);
        this.keptChars = chars;
        this.dropped += excess;
    }
    /** A progress line: live, also while the output is being kept. */
    progress(line) {
        this.log(line);
    }
    /** Prints the kept output as one group (or closes the open one), then the verdict. */
    finish(verdict) {
        if (this.open) {
            this.groups?.end();
            this.open = false;
        }
        else if (this.groups && this.parallel) {
            this.trim();
            this.groups.start(`${this.title} (${this.dropped + this.kept.length} lines)`);
            if (this.dropped > 0)
                this.log(`  … ${this.dropped} earlier lines not shown`);
            for (const line of this.kept)
                this.log(line);
            this.groups.end();
            this.kept.length = 0;
            this.keptChars = 0;
        }
        this.log(verdict);
    }
}

async function runModels(models, opts) {
    const onGpus = opts.target.measures === 'gpu';
    // Once nvidia-smi breaks, nothing more can be measured: every model not yet measured fails with it.
    let broken = null;
    const breaks = (error) => {
        if (broken)
            return;
        broken = error;
        opts.log(`oom-gate: ${describeRunnerError(error)}`);
        opts.onRunnerError?.(error);
    };
    const failBroken = (model, error) => {
        const result = { ...opts.notPlaced(model, describeRunnerError(error)), runnerError: error };
        opts.log(opts.describe(result));
        opts.onResult({ result, torchVersion: null });
    };
    const start = onGpus && models.length > 0 ? await freeGpus(models, opts) : { pool: [], runnerError: null };
    if (start.runnerError)
        breaks(start.runnerError);
    const pool = start.pool;
    const order = priorityOrder(models, opts.expectedDurationMs);
    const unplaceable = onGpus ? tooWide(order, pool.length) : [];
    for (const model of unplaceable) {
        const result = opts.notPlaced(model, `not run: needs ${model.gpus} GPU(s) and ${freeWords(pool, opts.gpus)}`);
        opts.log(opts.describe(result));
        opts.onResult({ result, torchVersion: null });
    }
    const waiting = order.filter(m => !unplaceable.includes(m));
    const parallel = onGpus && canOverlap(waiting, pool.length);
    if (parallel) {
        opts.log(`oom-gate: ${waiting.length} models on GPUs ${pool.map(g => g.index).join(',')}, several at once` +
            (opts.expectedDurationMs?.size ? ', the longest expected first' : ''));
    }
    // Stops the running models when the gate is interrupted, or when one of them fails inside
    // the gate (an internal error): no run may outlive runModels.
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    if (opts.abort?.aborted)
        stop.abort();
    opts.abort?.addEventListener('abort', onAbort, { once: true });
    const stopped = new Promise(r => stop.signal.addEventListener('abort', () => r(), { once: true }));
    let free = pool.map(g => g.index);
    const running = new Set();
    let failure = null;
    const launch = (model, indices) => {
        const gpus = indices.map(i => pool.find(g => g.index === i));
        const log = new ModelLog(model.name, opts.log, opts.logGroups ?? null, parallel);
        const measure = async () => {
            let finished = false;
            try {
                const ready = await gpusStillFree(model, gpus, opts, stop.signal);
                if (ready.runnerError)
                    breaks(ready.runnerError);
                if (broken || ready.busy !== null) {
                    finished = true;
                    if (broken)
                        failBroken(model, broken);
                    else {
                        const result = opts.notPlaced(model, ready.busy ?? '');
                        opts.log(opts.describe(result));
                        opts.onResult({ result, torchVersion: null });
                    }
                    return;
                }
                const expected = opts.expectedDurationMs?.get(model.name);
                log.begin(`▶ ${model.name}: starting${gpus.length > 0 ? ` on GPU ${indices.join(',')}` : ''}` +
                    (expected !== undefined ? ` (last run took ${formatDuration(expected)})` : ''));
                const measured = await opts.measure(model, gpus, {
                    abort: stop.signal,
                    ...(opts.hurry ? { hurry: opts.hurry } : {}),
                    log: line => log.progress(line),
                    output: line => log.output(line)
                });
                const waited = ready.note
                    ? { ...measured.result, notes: [...(measured.result.notes ?? []), ready.note] }
                    : measured.result;
                const result = withPerGpuNote(waited);
                if (result.runnerError)
                    breaks(result.runnerError);
                finished = true;
                log.finish(opts.describe(result));
                opts.onResult({ ...measured, result });
            }
            catch (error) {
                failure ??= { error };
                stop.abort();
                if (!finished)
                    log.finish(`✖ ${model.name}: internal error: ${error.message}`);
            }
        };
        // .finally runs after `task` is assigned, even if measure() ends synchronously.
        const task = measure()
            .catch((error) => {
            failure ??= { error };
            stop.abort();
        })
            .finally(() => {
            free.push(...indices);
            running.delete(task);
        });
        running.add(task);
    };
    try {
        while (waiting.length > 0 || running.size > 0) {
            if (stop.signal.aborted) {
                for (const model of waiting.splice(0))
                    opts.onNotStarted(model);
            }
            else if (broken) {
                for (const model of waiting.splice(0))
                    failBroken(model, broken);
            }
            else {
                const starts = onGpus
                    ? pickStarts(waiting, free)
                    : running.size === 0
                        ? [{ model: waiting[0], gpus: [] }]
                        : [];
                for (const start of starts) {
                    waiting.splice(waiting.indexOf(start.model), 1);
                    free = free.filter(i => !start.gpus.includes(i));
                    launch(start.model, start.gpus);
                }
            }
            if (running.size === 0) {
                // Cannot happen (every waiting model fits the pool, which is all free now); never spin.
                if (waiting.length > 0)
                    throw new Error(`no GPUs to start ${waiting.map(m => m.name).join(', ')}`);
                continue;
            }
            // Once stopped, `stopped` has settled: waiting on it again would spin.
            await Promise.race(stop.signal.aborted ? running : [...running, stopped]);
        }
    }
    finally {
        opts.abort?.removeEventListener('abort', onAbort);
    }
    if (failure)
        throw failure.error;
}
/**
 * The GPUs of the pool that no other job holds, waiting up to measure.gpu-wait for enough of them
 * to free for the widest model; the ones left out are noted. GPUs named by measure.gpus are used
 * whatever holds them (noted). nvidia-smi failing here is a runner error.
 */
async function freeGpus(models, opts) {
    if (opts.gpus.length === 0)
        return { pool: [], runnerError: null };
    const explicit = opts.gpuPolicy.explicit;
    const widest = Math.min(opts.gpus.length, Math.max(...models.map(m => m.gpus)));
    const checked = await waitForIdleGpus(opts.gpus, {
        needed: widest,
        idleBytes: opts.gpuPolicy.idleBytes,
        waitMs: opts.gpuPolicy.waitMs,
        explicit,
        abort: opts.abort
    });
    if (checked.runnerError)
        return { pool: [], runnerError: checked.runnerError };
    if (checked.busy.length === 0 && checked.waitedMs >= 1000) {
        const note = `waited ${formatDuration(checked.waitedMs)} for GPUs other processes held to be free before the first start`;
        opts.log(`oom-gate: ${note}`);
        opts.onNote?.(note);
    }
    for (const { gpu, why } of checked.busy) {
        const note = explicit
            ? `GPU ${gpu.index} used although ${why}, because measure.gpus names it; that memory is not counted`
            : `GPU ${gpu.index} not used: ${why} when the gate started` +
                (checked.waitedMs >= 1000 ? ` (waited ${formatDuration(checked.waitedMs)} for it)` : '');
        opts.log(`oom-gate: ${note}`);
        opts.onNote?.(note);
    }
    return { pool: checked.free, runnerError: null };
}
/**
 * Right before a model starts: its GPUs are asked again, and waited for up to measure.gpu-wait
 * if another job took one since. `busy`: why the model cannot start; `note`: a wait worth telling.
 */
async function gpusStillFree(model, gpus, opts, abort) {
    if (gpus.length === 0 || opts.gpuPolicy.explicit)
        return { busy: null, note: null, runnerError: null };
    const waitMs = opts.gpuPolicy.waitMs;
    const checked = await waitForIdleGpus(gpus, {
        needed: gpus.length,
        idleBytes: opts.gpuPolicy.idleBytes,
        waitMs,
        explicit: false,
        abort
    });
    if (checked.runnerError)
        return { busy: null, note: null, runnerError: checked.runnerError };
    const taken = checked.busy.map(b => `GPU ${b.gpu.index}: ${b.why}`).join('; ');
    if (checked.free.length < gpus.length)
        return {
            busy: `not run: its GPU stayed busy for ${formatDuration(waitMs)} (${taken})`,
            note: null,
            runnerError: null
        };
    const note = checked.waitedMs >= 1000
        ? `waited ${formatDuration(checked.waitedMs)} for GPU ${gpus.map(g => g.index).join(',')} to be free before ${model.name} started`
        : null;
    return { busy: null, note, runnerError: null };
}
function freeWords(free, all) {
    const busy = all.length - free.length;
    const have = free.length === 0 ? 'no GPU is free' : `only ${free.length} GPU(s) are free`;
    return busy > 0 ? `${have} (${busy} held by other processes; see the notes)` : have;
}
/** A multi-GPU entry: each GPU's peak in words; the verdict uses the largest. */
function withPerGpuNote(result) {
    const gpus = result.gpus ?? [];
    if (gpus.length < 2)
        return result;
    const each = gpus.map(g => `GPU ${g.index} ${formatBytes$1(g.peakBytes)}`).join(', ');
    return {
        ...result,
        notes: [...(result.notes ?? []), `peak per GPU: ${each}; the verdict uses the largest`]
    };
}

const EXPANDABLE = /(^|,)\s*expandable_segments\s*:\s*true\s*(,|$)/i;
const add = (a, b) => (b == null ? a : (a ?? 0) + b);
/**
 * The busiest device's allocator health (processes sharing a device add up, like the peaks in
 * summarizeProbes), or null when no record shows CUDA use. `snapshot` (the summary at the peak)
 * gives the exact reserved-but-unallocated bytes at that moment; without it the figure is peak
 * reserved minus peak active, a lower bound.
 */
function allocatorHealth(probes, snapshot = null) {
    const devices = new Map();
    for (const record of probes) {
        for (const [index, d] of Object.entries(record.devices)) {
            const sums = devices.get(index) ?? {
                retries: null,
                ooms: null,
                allocated: null,
                active: null,
                reserved: null,
                split: null
            };
            sums.retries = add(sums.retries, d.numAllocRetries);
            sums.ooms = add(sums.ooms, d.numOoms);
            sums.allocated = add(sums.allocated, d.maxAllocatedBytes);
            sums.active = add(sums.active, d.maxActiveBytes);
            sums.reserved = add(sums.reserved, d.maxReservedBytes);
            sums.split = add(sums.split, d.maxInactiveSplitBytes);
            devices.set(index, sums);
        }
    }
    const busiest = [...devices.entries()]
        .filter(([, d]) => d.reserved !== null)
        .sort(([a, x], [b, y]) => (y.reserved ?? 0) - (x.reserved ?? 0) || Number(a) - Number(b))[0];
    if (busiest === undefined)
        return null;
    const [device, d] = busiest;
    const fromSnapshot = snapshot !== null && snapshot.reservedBytes !== null
        ? Math.max(0, snapshot.reservedBytes - snapshot.allocatedBytes)
        : null;
    const fromPeaks = d.reserved !== null && d.active !== null ? Math.max(0, d.reserved - d.active) : null;
    return {
        device,
        torchVersion: probes.map(p => p.torchVersion).find(v => v) ?? null,
        numAllocRetries: d.retries,
        numOoms: d.ooms,
        peakAllocatedBytes: d.allocated,
        peakActiveBytes: d.active,
        peakReservedBytes: d.reserved,
        peakInactiveSplitBytes: d.split,
        reservedUnallocatedBytes: fromSnapshot ?? fromPeaks,
        reservedUnallocatedSource: fromSnapshot !== null ? 'snapshot' : fromPeaks !== null ? 'peaks' : null,
        expandableSegments: probes.some(p => EXPANDABLE.test(p.allocConf ?? ''))
    };
}
/** The snapshot summary of the record with the most memory allocated at its moment, or null. */
function chooseSnapshot(probes) {
    return probes
        .map(p => p.snapshotSummary ?? null)
        .filter((s) => s !== null)
        .reduce((a, b) => (a === null || b.allocatedBytes > a.allocatedBytes ? b : a), null);
}
/** Why a snapshot was asked for but is missing from the results, for the report's notes. */
function snapshotProblems(probes) {
    return probes.map(p => p.snapshotProblem).filter((p) => typeof p === 'string' && p !== '');
}

/**
 * nvidia-smi's per-process rows of our tree first (driver level: includes the CUDA context and
 * library workspaces); else the device's memory.used minus the pre-run baseline; else torch's
 * reserved pool plus the context measured beside it; else host RSS, only for a run given no GPU.
 */
function choosePeak(m) {
    const { peaks } = m;
    // On a multi-GPU run one card may be attributed per process while another fell back to its
    // device delta: the verdict takes the larger, or it would under-report.
    const delta = peaks.deviceUsedDeltaBytes ?? null;
    if (peaks.nvidiaSmiBytes !== null && (delta === null || peaks.nvidiaSmiBytes >= delta)) {
        return { peakBytes: peaks.nvidiaSmiBytes, peakSource: 'nvidia-smi', notes: [] };
    }
    if (delta !== null)
        return { peakBytes: delta, peakSource: 'nvidia-smi-device', notes: [] };
    if (peaks.torchReservedBytes !== null) {
        const context = cudaContextBytes(m);
        if (context === null) {
            return {
                peakBytes: peaks.torchReservedBytes,
                peakSource: 'torch',
                notes: [
                    "torch's reserved pool only: the CUDA context and library workspaces (typically 0.3 to 2 GiB) could not be measured and are not included"
                ]
            };
        }
        return { peakBytes: peaks.torchReservedBytes + context, peakSource: 'torch', notes: [] };
    }
    // Host RSS is no reading of GPU memory: a run given GPUs is never judged by it (contract 6).
    if (peaks.hostRssBytes !== null && m.gpus.length === 0)
        return { peakBytes: peaks.hostRssBytes, peakSource: 'host', notes: [] };
    if (m.gpus.length > 0)
        return { peakBytes: null, peakSource: null, notes: [] };
    return {
        peakBytes: null,
        peakSource: null,
        notes: ['no sampler produced a reading (the command ended before the first sample)']
    };
}
/**
 * The probe reads device memory in use beyond torch's pool once CUDA is up; what other
 * processes held before the run is not ours. Largest over the run's processes and devices.
 */
function cudaContextBytes(m) {
    let best = null;
    for (const probe of m.probes) {
        for (const [index, device] of Object.entries(probe.devices)) {
            if (device.usedBeyondReservedBytes === null)
                continue;
            const foreign = m.gpus[Number(index)]?.baselineBytes ?? 0;
            const own = Math.max(0, device.usedBeyondReservedBytes - foreign);
            best = best === null ? own : Math.max(best, own);
        }
    }
    return best;
}

// What the runner, not the model, decided about a verdict (contract 6). Pure, applied after the
// model's own verdict:
// - a broken runner (nvidia-smi failed or hung before or during the run) fails the model with the
//   cause and its fix, whatever the run did;
// - a GPU run with no GPU reading is never a pass ("GPU memory could not be read on this runner");
// - a GPU run judged from the torch probe says so; one that used no GPU memory may have run on the CPU;
// - an OOM on a card or MIG slice clearly smaller than the target says the runner is too small,
//   not that the model does not fit the target.
/**
 * A card this much below the target is smaller than it, not just the usual gap between
 * nvidia-smi's total and what PyTorch sees (79.2 of 80 GiB: about 1%; DESIGN.md).
 */
const SMALLER_CARD_RATIO = 0.95;
/** Why a GPU run with no reading from nvidia-smi or the torch probe is not a pass. */
const GPU_UNREADABLE = 'GPU memory could not be read on this runner: nvidia-smi gave no reading for the run ([N/A] or [Insufficient Permissions] values, or no process rows) and the torch probe recorded none (not a PyTorch run, or it never used CUDA)';
function judgeRunner(result, m, target) {
    const notes = [...(result.notes ?? [])];
    if (m.runnerError) {
        return {
            ...result,
            status: 'failed',
            reason: describeRunnerError(m.runnerError),
            runnerError: m.runnerError,
            notes
        };
    }
    const gpuRun = m.gpus.length > 0;
    if (!gpuRun)
        return result;
    const finished = result.status === 'ok' || result.status === 'at-risk';
    if (finished && result.peakBytes == null) {
        return {
            ...result,
            status: 'failed',
            reason: GPU_UNREADABLE,
            notes
        };
    }
    if (result.peakSource === 'torch' && m.peaks.nvidiaSmiBytes === null) {
        notes.push('GPU memory from the torch probe (reserved pool plus the CUDA context): nvidia-smi gave no reading for this run (not asked, [N/A] or [Insufficient Permissions])');
    }
    if (finished &&
        result.peakBytes === 0 &&
        (result.peakSource === 'nvidia-smi' || result.peakSource === 'nvidia-smi-device')) {
        notes.push('the run used no GPU memory on its GPU: it may have run on the CPU; check that it sees the GPU (CUDA_VISIBLE_DEVICES, a CUDA build of PyTorch)');
    }
    const seen = processSawBytes(m, result);
    const what = target.mig ? 'MIG slice' : 'card';
    if (target.mig && seen !== null)
        notes.push(`the run saw a ${formatBytes$1(seen)} ${what} of its GPU`);
    const effective = minKnown(target.cardBytes ?? null, seen);
    if (result.status === 'oom' && effective !== null && effective < target.memoryBytes * SMALLER_CARD_RATIO) {
        return {
            ...result,
            status: 'failed',
            reason: `the runner's ${what} (${formatBytes$1(effective)}) is smaller than the target (${formatBytes$1(target.memoryBytes)}): the run ran out of memory on it, which says nothing about the target. Fix: run on a ${target.mig ? 'whole card or a MIG profile' : 'card'} of at least ${formatBytes$1(target.memoryBytes)}, or set gpu.memory to what this runner has`,
            notes
        };
    }
    return { ...result, notes };
}
/** The device memory the run's processes saw: the probe's device totals, or an OOM's total capacity. */
function processSawBytes(m, result) {
    let seen = result.oom?.totalCapacityBytes ?? null;
    for (const probe of m.probes) {
        for (const device of Object.values(probe.devices))
            seen = minKnown(seen, device.totalBytes);
    }
    return seen;
}
function minKnown(a, b) {
    if (a === null)
        return b;
    if (b === null)
        return a;
    return Math.min(a, b);
}

const NO_NUMBERS = {
    gpuIndex: null,
    triedToAllocateBytes: null,
    totalCapacityBytes: null,
    freeBytes: null,
    allocatedBytes: null,
    reservedBytes: null
};
function judgeModel(model, m, target) {
    const chosen = choosePeak(m);
    const oom = m.spawnError === null ? oomOf(m) : null;
    const ranOutOfMemory = oom !== null && oom.report.kind !== 'not-oom' && oom.killedWithoutRecord === null;
    const snapshot = chooseSnapshot(m.probes);
    const allocator = allocatorHealth(m.probes, snapshot);
    const notes = [
        ...m.notes,
        ...(m.spawnError === null ? chosen.notes : []),
        ...(oom?.notes ?? []),
        ...snapshotProblems(m.probes).map(p => `memory snapshot: ${p}`)
    ];
    let status;
    let reason = null;
    if (m.spawnError !== null) {
        status = 'failed';
        reason = m.spawnError;
    }
    else if (ranOutOfMemory) {
        status = 'oom';
    }
    else if (m.interrupted) {
        status = 'failed';
        reason = `interrupted: the gate was stopped before this run finished; the peak is what was measured until then`;
    }
    else if (m.timedOut) {
        status = 'timeout';
        reason = `still running at the timeout (${formatSeconds(m.timeoutMs)}); the process tree was killed`;
    }
    else if (oom?.killedWithoutRecord) {
        status = 'failed';
        reason = oom.killedWithoutRecord;
    }
    else if (!m.stoppedEarly && (m.exitCode !== 0 || m.signal !== null)) {
        status = 'failed';
        reason = m.signal !== null ? `killed by ${m.signal}` : `exited with code ${m.exitCode}`;
    }
    else if (chosen.peakBytes === null) {
        status = 'failed';
        reason =
            m.gpus.length > 0
                ? GPU_UNREADABLE
                : 'no memory reading: the command ended before the first sample and no cgroup peak was available; nothing shows that it fits';
    }
    else {
        status = chosen.peakBytes > target.limitBytes ? 'at-risk' : 'ok';
        const retries = allocator?.numAllocRetries ?? 0;
        if (status === 'ok' && retries > 0) {
            // Below the limit only because the caching allocator emptied its cache and retried: the
            // next bit of growth (or fragmentation) runs out of memory.
            status = 'at-risk';
            reason = `fit only through ${retries} allocator ${retries === 1 ? 'retry' : 'retries'} (num_alloc_retries): PyTorch's caching allocator ran out of room, freed its cache and retried, so the run is at the edge of the card`;
        }
    }
    const verdict = {
        name: model.name,
        status,
        expect: model.expect,
        peakBytes: chosen.peakBytes,
        peakSource: chosen.peakSource,
        peaks: m.peaks,
        durationMs: Math.round(m.durationMs),
        exitCode: m.exitCode,
        signal: m.signal,
        oom: ranOutOfMemory ? oom.report : null,
        baseline: null,
        reason,
        notes,
        gpus: m.gpus,
        peakAtMs: m.peakAtMs,
        stoppedEarly: m.stoppedEarly,
        ...(m.interrupted ? { interrupted: true } : {}),
        logTail: m.logTail,
        ...(allocator !== null ? { allocator } : {}),
        ...(snapshot !== null ? { snapshot } : {})
    };
    return judgeRunner(verdict, m, target);
}
/**
 * The classifier's answer, held to the kernel's record: an answer that rests only on a kill
 * (SIGKILL, exit 137, torchrun's `exitcode: -9`, a worker "killed by signal") stands only when the
 * kernel counted an OOM kill for the run; an OOM kill the kernel counted in the run's own cgroup,
 * or for which it named a process of the run in its log, is an OOM even when nothing was printed and the
 * command exited 0.
 */
function oomOf(m) {
    const killedByGate = m.timedOut || m.interrupted || m.stoppedEarly;
    const probeException = m.probes.map(p => p.exception).find(e => e !== null) ?? null;
    const evidence = { log: m.logTail.join('\n'), exitCode: m.exitCode, signal: m.signal, probeException };
    const full = classifyOom({ ...evidence, killedByGate });
    const kills = m.kernelOomKills;
    const whose = m.kernelOomSource === 'cgroup'
        ? "the run's memory cgroup"
        : m.kernelOomSource === 'kmsg'
            ? "the kernel log, for the run's processes"
            : "the machine's count (/proc/vmstat: the process killed may not be the run's)";
    const recorded = kills !== null && kills > 0 ? `the kernel recorded ${kills} OOM kill(s) during the run in ${whose}` : null;
    if (full.kind !== 'not-oom') {
        const basis = full.basis;
        const onlyKill = basis === 'kill' ||
            (basis === undefined && classifyOom({ ...evidence, killedByGate: true }).kind === 'not-oom');
        if (!onlyKill)
            return { report: full, killedWithoutRecord: null, notes: [] };
        if (recorded)
            return { report: full, killedWithoutRecord: null, notes: [recorded] };
        const kill = killWords(m, full.evidence);
        return {
            report: full,
            killedWithoutRecord: kills === null
                ? `${kill}: possibly out of memory, but the kernel's OOM-kill record could not be read`
                : `${kill}; not out of memory: the kernel recorded no OOM kill for the run (${whose})`,
            notes: []
        };
    }
    // Counted for the run itself (not the machine-wide counter): an OOM however the command ended.
    if (kills !== null && kills > 0 && m.kernelOomSource !== 'vmstat' && !killedByGate) {
        return {
            report: { kind: 'host-oom', framework: 'kernel', ...NO_NUMBERS, evidence: recorded },
            killedWithoutRecord: null,
            notes: []
        };
    }
    return { report: full, killedWithoutRecord: null, notes: [] };
}
/** "killed by SIGKILL", with the log line that says so when the shell itself was not killed. */
function killWords(m, evidence) {
    if (m.signal === 'SIGKILL')
        return 'killed by SIGKILL';
    if (m.exitCode === 137)
        return 'killed by SIGKILL (exit code 137)';
    return evidence ? `a process was killed by SIGKILL ("${evidence}")` : 'killed by SIGKILL';
}
function formatSeconds(ms) {
    return ms % 60_000 === 0 && ms >= 60_000
        ? `${ms / 60_000} min`
        : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

// The training framework's own peak, read from the run's output: a cross-check of the
// sampled peak that costs the user nothing.
//
// mmengine (every OpenMMLab 2.x repository: Sapiens, mmseg, mmpose, mmdet...) appends
// `memory: <MiB>` to each training log line on rank 0 when CUDA is available:
// LogProcessor.get_log_after_iter -> get_max_cuda_memory(), which is
// `torch.cuda.max_memory_allocated() // 2**20` followed by `torch.cuda.reset_peak_memory_stats()`,
// so each line holds the peak since the previous line and the run's peak is the largest
// (https://github.com/open-mmlab/mmengine/blob/main/mmengine/runner/log_processor.py,
// mmengine/device/utils.py). mmcv 1.x's TextLoggerHook prints `memory: <MiB>, ` the same way
// without the reset. Values are whole MiB rounded down.
const MIB = 2 ** 20;
// mmengine: `... - mmengine - INFO - Epoch(train)  [1][10/20]  lr: ...  memory: 48213  loss: ...`
// or `Iter(train) [ 10/20]  ...`: the mode tag, then the counters, then two-space separated items.
const MMENGINE = /\b(?:Epoch|Iter)\((?:train|val|test)\)\s*(?:\[\s*\d+\])?\s*\[\s*\d+\/\d+\].*?\smemory: (\d+)(?=\s|$)/;
// mmcv 1.x: `Epoch [1][50/293]\tlr: 5.000e-07, eta: ..., memory: 24462, loss: ...` or `Iter [50/1000]\t...`.
const MMCV = /\b(?:Epoch \[\d+\]\[\d+\/\d+\]|Iter \[\d+\/\d+\])\s.*?\bmemory: (\d+)(?=,|\s*$)/;
/** The `memory:` value of one log line and its framework, or null when the line has none. */
function trainingLogLineMemory(line) {
    const engine = MMENGINE.exec(line);
    if (engine)
        return { mib: Number(engine[1]), source: 'mmengine' };
    const legacy = MMCV.exec(line);
    if (legacy)
        return { mib: Number(legacy[1]), source: 'mmcv' };
    return null;
}
/** Folds one output line into the running result (null: no value seen yet). Pure. */
function addTrainingLogLine(previous, line) {
    const found = trainingLogLineMemory(line);
    if (found === null)
        return previous;
    const bytes = found.mib * MIB;
    if (previous === null)
        return { peakAllocatedBytes: bytes, source: found.source, lines: 1 };
    return {
        peakAllocatedBytes: Math.max(previous.peakAllocatedBytes, bytes),
        source: previous.source,
        lines: previous.lines + 1
    };
}

// Where this process may create a memory cgroup for a run: the memory controller's hierarchy
// (cgroup v2's unified tree, or v1's `memory` mount) and the cgroup the gate itself lives in, from
// /proc/self/mountinfo and /proc/self/cgroup (man 7 cgroups; kernel docs cgroup-v1/memory.rst and
// admin-guide/cgroup-v2.rst). Pure over the two files' text; `proc` is injectable for tests.
/** Lines of /proc/self/mountinfo: `id parent major:minor root mountpoint opts ... - fstype source superopts`. */
function parseMountinfo(text) {
    const mounts = [];
    for (const line of text.split('\n')) {
        const fields = line.split(' ');
        const dash = fields.indexOf('-');
        if (dash < 5 || fields.length < dash + 4)
            continue;
        mounts.push({
            root: unescapeMount(fields[3]),
            mountPoint: unescapeMount(fields[4]),
            fsType: fields[dash + 1],
            superOptions: fields[dash + 3].split(',')
        });
    }
    return mounts;
}
/** mountinfo escapes space, tab, newline and backslash as octal (\040). */
function unescapeMount(s) {
    return s.replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8)));
}
/** Lines of /proc/self/cgroup: `id:controllers:path`; v2's line is `0::path`. */
function parseProcCgroup(text) {
    return text
        .split('\n')
        .filter(l => l.length > 0)
        .map(l => {
        const first = l.indexOf(':');
        const second = l.indexOf(':', first + 1);
        return {
            id: l.slice(0, first),
            controllers: l
                .slice(first + 1, second)
                .split(',')
                .filter(Boolean),
            path: l.slice(second + 1)
        };
    });
}
/**
 * The memory hierarchy this process can use, v1 first when both exist (a hybrid host's v2 tree
 * holds no memory controller) or null with the reason. `available(dir)` says which controllers a
 * v2 cgroup directory offers; by default it reads `cgroup.controllers`.
 */
function findMemoryHierarchy(mountinfo, procCgroup, available = readControllers) {
    const mounts = parseMountinfo(mountinfo);
    const memberships = parseProcCgroup(procCgroup);
    const v1 = mounts.find(m => m.fsType === 'cgroup' && m.superOptions.includes('memory'));
    const v1Own = memberships.find(c => c.id !== '0' && c.controllers.includes('memory'));
    if (v1 && v1Own) {
        return { hierarchy: { version: 1, mountPoint: v1.mountPoint, ownDir: inside(v1, v1Own.path) } };
    }
    const v2 = mounts.find(m => m.fsType === 'cgroup2');
    const v2Own = memberships.find(c => c.id === '0' && c.controllers.length === 0);
    if (v2 && v2Own) {
        if (!available(v2.mountPoint).includes('memory')) {
            return { hierarchy: null, reason: `the cgroup v2 tree at ${v2.mountPoint} has no memory controller` };
        }
        return { hierarchy: { version: 2, mountPoint: v2.mountPoint, ownDir: inside(v2, v2Own.path) } };
    }
    return { hierarchy: null, reason: 'no cgroup memory controller is mounted' };
}
/** The directory of `path` (as /proc/self/cgroup names it) under a mount whose root may be a sub-tree. */
function inside(mount, path) {
    const root = mount.root === '/' ? '' : mount.root;
    const rel = root && (path === root || path.startsWith(`${root}/`)) ? path.slice(root.length) : path;
    // With a cgroup namespace the path is already relative to the mount; "/.." marks a cgroup outside it.
    return rel.includes('/..') ? mount.mountPoint : join(mount.mountPoint, rel);
}
function readControllers(dir) {
    try {
        return readFileSync(join(dir, 'cgroup.controllers'), 'utf8').trim().split(/\s+/);
    }
    catch {
        return [];
    }
}
/** This process's memory hierarchy, read from `proc` (default /proc). */
function ownMemoryHierarchy(proc = '/proc') {
    try {
        return findMemoryHierarchy(readFileSync(join(proc, 'self/mountinfo'), 'utf8'), readFileSync(join(proc, 'self/cgroup'), 'utf8'));
    }
    catch (err) {
        return { hierarchy: null, reason: `cannot read ${proc}/self: ${err.message}` };
    }
}

// One run's own memory cgroup: what the kernel charged the run (the number a container limit
// enforces: private pages once, shared pages once, tmpfs such as /dev/shm included), its peak
// kept by the kernel even across an abrupt exit, the OOM kills the kernel recorded for it, and a
// membership no child can leave by setsid or double fork.
// v1 (Documentation/admin-guide/cgroup-v1/memory.rst): memory.usage_in_bytes,
//   memory.max_usage_in_bytes, memory.oom_control (`oom_kill N` since Linux 4.13), memory.failcnt.
// v2 (Documentation/admin-guide/cgroup-v2.rst): memory.current, memory.peak (Linux 5.19),
//   memory.events (`oom_kill N`, `max N`), cgroup.kill (Linux 5.14).
/** `key value` lines (memory.events, memory.oom_control, memory.stat) as a map of numbers. */
function parseFlatKeyed(text) {
    const out = new Map();
    for (const line of text.split('\n')) {
        const [key, value] = line.trim().split(/\s+/);
        if (key && value !== undefined && /^\d+$/.test(value))
            out.set(key, Number(value));
    }
    return out;
}
class RunCgroup {
    dir;
    version;
    constructor(
    /** The cgroup's directory, e.g. /sys/fs/cgroup/memory/…/oom-gate-123-1. */
    dir, version) {
        this.dir = dir;
        this.version = version;
    }
    /**
     * A fresh child cgroup named `name` under the gate's own cgroup, else under the hierarchy's
     * root; null with the reason when neither can be created with the memory controller (no root,
     * read-only /sys/fs/cgroup, v2 without delegation).
     */
    static create(hierarchy, name) {
        const parents = [...new Set([hierarchy.ownDir, hierarchy.mountPoint])];
        const problems = [];
        for (const parent of parents) {
            const dir = join(parent, name);
            try {
                if (hierarchy.version === 2)
                    enableMemoryController(parent);
                mkdirSync(dir);
            }
            catch (err) {
                problems.push(`${dir}: ${err.code ?? err.message}`);
                continue;
            }
            const cgroup = new RunCgroup(dir, hierarchy.version);
            if (cgroup.currentBytes() !== null)
                return { cgroup, reason: null };
            cgroup.remove();
            problems.push(`${dir}: no memory accounting`);
        }
        return { cgroup: null, reason: `cannot create a memory cgroup (${problems.join('; ')})` };
    }
    /** The file a process writes its pid to in order to join. */
    get procsFile() {
        return join(this.dir, 'cgroup.procs');
    }
    /** Bytes charged now, or null when unreadable. */
    currentBytes() {
        return this.readNumber(this.version === 1 ? 'memory.usage_in_bytes' : 'memory.current');
    }
    /** The kernel's own high-water mark of the charge, or null (v2 before Linux 5.19). */
    peakBytes() {
        return this.readNumber(this.version === 1 ? 'memory.max_usage_in_bytes' : 'memory.peak');
    }
    /** Processes the kernel's OOM killer killed in this cgroup so far, or null when not recorded. */
    oomKills() {
        const file = this.version === 1 ? 'memory.oom_control' : 'memory.events';
        return this.readKeyed(file)?.get('oom_kill') ?? null;
    }
    /** Times the charge hit a limit (v1 memory.failcnt, v2 memory.events `max`), or null. */
    limitHits() {
        return this.version === 1
            ? this.readNumber('memory.failcnt')
            : (this.readKeyed('memory.events')?.get('max') ?? null);
    }
    /** Pids in the cgroup now (every process of the run, wherever it moved in the process tree). */
    pids() {
        try {
            return readFileSync(this.procsFile, 'utf8')
                .split('\n')
                .filter(l => /^\d+$/.test(l))
                .map(Number);
        }
        catch {
            return [];
        }
    }
    /** SIGKILLs every member: v2's cgroup.kill where present (atomic, forks included), else one by one. */
    killAll() {
        if (this.version === 2 && existsSync(join(this.dir, 'cgroup.kill'))) {
            try {
                writeFileSync(join(this.dir, 'cgroup.kill'), '1');
                return;
            }
            catch {
                // fall through to one by one
            }
        }
        for (const pid of this.pids()) {
            try {
                process.kill(pid, 'SIGKILL');
            }
            catch {
                // already gone
            }
        }
    }
    /** Removes the (empty) cgroup; false while a member is left. */
    remove() {
        try {
            rmdirSync(this.dir);
            return true;
        }
        catch (err) {
            return err.code === 'ENOENT';
        }
    }
    readNumber(file) {
        try {
            const text = readFileSync(join(this.dir, file), 'utf8').trim();
            return /^\d+$/.test(text) ? Number(text) : null;
        }
        catch {
            return null;
        }
    }
    readKeyed(file) {
        try {
            return parseFlatKeyed(readFileSync(join(this.dir, file), 'utf8'));
        }
        catch {
            return null;
        }
    }
}
/** v2: a child gets the memory controller only when its parent delegates it (cgroup.subtree_control). */
function enableMemoryController(parent) {
    const control = join(parent, 'cgroup.subtree_control');
    const enabled = readFileSync(control, 'utf8').split(/\s+/);
    if (!enabled.includes('memory'))
        writeFileSync(control, '+memory');
}

// Host memory of one process as the kernel shares it out: PSS from /proc/<pid>/smaps_rollup
// (Linux 4.14). A page shared by n processes counts 1/n in each, so copy-on-write pages of forked
// DataLoader workers and shared libraries count once over the tree, not once per process.
/** Pss and Pss_Shmem of smaps_rollup text (values in kB), or null when absent. */
function parseSmapsRollup(text) {
    const pss = /^Pss:\s+(\d+) kB$/m.exec(text);
    if (!pss)
        return null;
    const shmem = /^Pss_Shmem:\s+(\d+) kB$/m.exec(text);
    return { pssBytes: Number(pss[1]) * 1024, pssShmemBytes: shmem ? Number(shmem[1]) * 1024 : 0 };
}
function readPss(pid, procRoot = '/proc') {
    try {
        return parseSmapsRollup(readFileSync(`${procRoot}/${pid}/smaps_rollup`, 'utf8'));
    }
    catch {
        return null;
    }
}
/**
 * Bytes of /dev/shm files the processes hold open (deleted or not; each file once): tmpfs pages
 * are memory whether or not they are mapped, and PSS counts only the mapped ones. A file written
 * and closed is held by no process: only the run's cgroup counts it.
 */
function heldShmBytes(pids, procRoot = '/proc') {
    const seen = new Set();
    let bytes = 0;
    for (const pid of pids) {
        let fds;
        try {
            fds = readdirSync(`${procRoot}/${pid}/fd`);
        }
        catch {
            continue;
        }
        for (const fd of fds) {
            const path = `${procRoot}/${pid}/fd/${fd}`;
            try {
                if (!readlinkSync(path).startsWith('/dev/shm/'))
                    continue;
                const st = statSync(path);
                const key = `${st.dev}:${st.ino}`;
                if (seen.has(key))
                    continue;
                seen.add(key);
                bytes += st.blocks * 512;
            }
            catch {
                // closed meanwhile
            }
        }
    }
    return bytes;
}

// The kernel's page size, for turning /proc rss pages into bytes (64 KiB on some arm64 hosts).
let cached = null;
function pageSize() {
    if (cached !== null)
        return cached;
    try {
        const value = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8', timeout: 5000 }).trim());
        cached = Number.isInteger(value) && value > 0 ? value : 4096;
    }
    catch {
        cached = 4096;
    }
    return cached;
}

/** Most of one core the PSS reads may take (the gate's whole budget is 2%). */
const PSS_CPU_SHARE = 0.005;
class HostSampler {
    tree;
    cgroup;
    wanted;
    currentBytes = null;
    peakBytes = null;
    peakAtMs = null;
    method;
    /** smaps_rollup could be read for some member: the method is PSS (else RSS, Linux < 4.14). */
    pssSeen = false;
    /** performance.now() after which PSS is read again, and the last reading. */
    pssDueAt = 0;
    lastPss = 0;
    lastPssMembers = -1;
    /** Each member's last PSS reading: stands in when a read fails while the process exits. */
    pssOf = new Map();
    constructor(tree, cgroup = null, wanted = 'pss') {
        this.tree = tree;
        this.cgroup = cgroup;
        this.wanted = wanted;
        this.method = cgroup ? (cgroup.version === 1 ? 'cgroup-v1' : 'cgroup-v2') : wanted;
    }
    /** Call after tree.refresh(); elapsedMs is the time since the run started. */
    sample(elapsedMs) {
        if (this.cgroup) {
            const current = this.cgroup.currentBytes();
            this.currentBytes = current;
            this.raise(Math.max(current ?? 0, this.cgroup.peakBytes() ?? 0), elapsedMs);
            return;
        }
        if (this.tree.size === 0) {
            this.currentBytes = 0;
            return;
        }
        const bytes = this.wanted === 'pss' ? this.pacedPss() : this.tree.rssBytes();
        this.currentBytes = bytes;
        // A spike between two samples still shows in one process's VmHWM (it happened by now).
        this.raise(Math.max(bytes, this.tree.highWaterMarkBytes()), elapsedMs);
    }
    /**
     * After the run: the cgroup's high-water mark once more, which holds a peak reached just before
     * an abrupt exit that no sample saw. elapsedMs: when the run ended.
     */
    finish(elapsedMs) {
        const peak = this.cgroup?.peakBytes() ?? null;
        if (peak !== null && peak > 0)
            this.raise(peak, elapsedMs);
    }
    raise(bytes, elapsedMs) {
        if (bytes <= 0)
            return;
        if (this.peakBytes === null || bytes > this.peakBytes) {
            this.peakBytes = bytes;
            this.peakAtMs = elapsedMs;
        }
    }
    /** The tree's PSS, re-read when due or when the tree changed size. */
    pacedPss() {
        const now = performance.now();
        if (now < this.pssDueAt && this.tree.size === this.lastPssMembers)
            return this.lastPss;
        this.lastPss = this.treePss();
        this.lastPssMembers = this.tree.size;
        const cost = performance.now() - now;
        this.pssDueAt = now + cost / PSS_CPU_SHARE;
        return this.lastPss;
    }
    /** PSS of the live members; the /dev/shm they hold open counts where it exceeds what they map of it. */
    treePss() {
        let pss = 0;
        let shmem = 0;
        let pssRead = false;
        for (const member of this.tree.liveMembers()) {
            const reading = readPss(member.pid) ?? this.pssOf.get(member.pid) ?? null;
            if (reading === null) {
                // Never read: no smaps_rollup here (its RSS stands in while no member could be read), or
                // forked or exiting between refresh and read (its RSS would count shared pages again).
                if (!this.pssSeen)
                    pss += member.rssPages * pageSize();
                continue;
            }
            this.pssOf.set(member.pid, reading);
            pssRead = true;
            pss += reading.pssBytes;
            shmem += reading.pssShmemBytes;
        }
        if (this.pssOf.size > 2 * this.tree.size + 16) {
            const live = new Set(this.tree.liveMembers().map(m => m.pid));
            for (const pid of this.pssOf.keys())
                if (!live.has(pid))
                    this.pssOf.delete(pid);
        }
        if (pssRead)
            this.pssSeen = true;
        else if (!this.pssSeen && this.tree.size > 0)
            this.method = 'rss';
        if (this.pssSeen)
            this.method = 'pss';
        const held = heldShmBytes(this.tree.liveMembers().map(m => m.pid));
        return pss - shmem + Math.max(shmem, held);
    }
}

// The kernel log's OOM-killer lines for given pids, from /dev/kmsg (Documentation/ABI/testing/
// dev-kmsg: one record per read, `priority,sequence,microseconds since boot,flags;message`).
// Without a cgroup of its own, a run's kills are attributed by pid: "Out of memory: Killed
// process 1234 (python3)", "Memory cgroup out of memory: Killed process 1234", "oom-kill:...,pid=1234".
const KILLED = /\bKilled process (\d+)\b|\boom-kill:.*\bpid=(\d+)\b/;
/** Microseconds since boot now (the kernel log's clock), or null. */
function uptimeMicros(path = '/proc/uptime') {
    try {
        const seconds = Number(readFileSync(path, 'utf8').split(' ')[0]);
        return Number.isFinite(seconds) ? Math.floor(seconds * 1e6) : null;
    }
    catch {
        return null;
    }
}
/** One /dev/kmsg record's time (µs) and message, or null. */
function parseKmsgRecord(record) {
    const semi = record.indexOf(';');
    if (semi < 0)
        return null;
    const fields = record.slice(0, semi).split(',');
    const atMicros = Number(fields[2]);
    if (!Number.isFinite(atMicros))
        return null;
    return { atMicros, message: record.slice(semi + 1).split('\n')[0] };
}
/** Pids the OOM killer named in records at or after `sinceMicros`. */
function oomKilledPids(records, sinceMicros) {
    const pids = new Set();
    for (const record of records) {
        const parsed = parseKmsgRecord(record);
        if (!parsed || parsed.atMicros < sinceMicros)
            continue;
        const m = KILLED.exec(parsed.message);
        if (m)
            pids.add(Number(m[1] ?? m[2]));
    }
    return pids;
}
/** Every record in the kernel's ring buffer now, or null when /dev/kmsg cannot be read. */
function readKmsg(path = '/dev/kmsg') {
    let fd;
    try {
        fd = openSync(path, constants$1.O_RDONLY | constants$1.O_NONBLOCK);
    }
    catch {
        return null;
    }
    const records = [];
    const buffer = Buffer.alloc(16 * 1024);
    try {
        for (let i = 0; i < 100_000; i++) {
            let n;
            try {
                n = readSync(fd, buffer, 0, buffer.length, null);
            }
            catch (err) {
                const code = err.code;
                if (code === 'EPIPE')
                    continue; // records overwritten while reading: go on from the next
                if (code === 'EAGAIN')
                    break; // the end
                return null;
            }
            if (n === 0)
                break;
            records.push(buffer.toString('utf8', 0, n));
        }
    }
    finally {
        closeSync(fd);
    }
    return records;
}

// Did the kernel OOM-kill anything during the run? The run's own cgroup counts its kills
// (memory.oom_control / memory.events `oom_kill`); without one, the kernel log names the pids
// it killed (/dev/kmsg, root only); else /proc/vmstat's `oom_kill` (Linux 4.13) counts the
// machine's, a weaker record (another process's kill counts too).
function readVmstatOomKills(path = '/proc/vmstat') {
    try {
        return parseFlatKeyed(readFileSync(path, 'utf8')).get('oom_kill') ?? null;
    }
    catch {
        return null;
    }
}
/** Reads the counters at the start; `end()` gives the kills since then. */
class OomKillCounter {
    cgroup;
    vmstatPath;
    cgroupStart;
    vmstatStart;
    startMicros;
    constructor(cgroup, vmstatPath = '/proc/vmstat') {
        this.cgroup = cgroup;
        this.vmstatPath = vmstatPath;
        this.cgroupStart = cgroup?.oomKills() ?? null;
        this.vmstatStart = readVmstatOomKills(vmstatPath);
        this.startMicros = uptimeMicros();
    }
    /** `runPids`: every pid the run ever had, for the kernel log. */
    end(runPids = [], kmsgPath = '/dev/kmsg') {
        const cg = this.cgroup?.oomKills() ?? null;
        if (cg !== null && this.cgroupStart !== null)
            return { kills: cg - this.cgroupStart, source: 'cgroup' };
        const records = this.startMicros !== null ? readKmsg(kmsgPath) : null;
        if (records !== null && this.startMicros !== null) {
            const killed = oomKilledPids(records, this.startMicros);
            let kills = 0;
            for (const pid of runPids)
                if (killed.has(pid))
                    kills++;
            return { kills, source: 'kmsg' };
        }
        const vm = readVmstatOomKills(this.vmstatPath);
        if (vm !== null && this.vmstatStart !== null)
            return { kills: vm - this.vmstatStart, source: 'vmstat' };
        return { kills: null, source: null };
    }
}

// Polls a condition until it holds or the time is up; conditions, not fixed sleeps.
async function waitFor(condition, timeoutMs, pollMs = 50) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (await condition())
            return true;
        const left = deadline - Date.now();
        if (left <= 0)
            return false;
        await new Promise(resolve => setTimeout(resolve, Math.min(pollMs, left)));
    }
}

/** Signals the group and every member outside it; returns the pids signalled one by one. */
function signalTree(tree, groupId, signal) {
    const outside = [];
    try {
        process.kill(-groupId, signal);
    }
    catch {
        // ESRCH: the group is empty; escaped members are handled below.
    }
    for (const member of tree.liveMembers()) {
        if (member.pgrp === groupId)
            continue;
        // Re-check (pid, start time) right before signalling: never hit a recycled pid.
        if (!tree.isSameRunning(member.pid))
            continue;
        try {
            process.kill(member.pid, signal);
            outside.push(member.pid);
        }
        catch {
            // exited meanwhile
        }
    }
    return outside;
}
async function stopTree(options) {
    const { tree, groupId, graceMs } = options;
    const pollMs = options.pollMs ?? 25;
    const steps = [...options.signals.filter(s => s !== 'SIGKILL'), 'SIGKILL'];
    const sent = [];
    const escaped = new Set();
    const send = (signal) => signalTree(tree, groupId, signal).forEach(pid => escaped.add(pid));
    const empty = () => {
        tree.refresh();
        return tree.size === 0;
    };
    for (const signal of steps) {
        if (empty())
            return { sent, survivors: [], escaped: escaped.size };
        send(signal);
        sent.push(signal);
        if (signal !== 'SIGKILL') {
            await waitFor(() => options.cutShort?.aborted === true || empty(), graceMs, pollMs);
            continue;
        }
        // Processes forked while we were signalling get SIGKILL too.
        await waitFor(() => {
            if (empty())
                return true;
            send('SIGKILL');
            return false;
        }, options.killWaitMs ?? 5000, pollMs);
    }
    return { sent, survivors: tree.liveMembers().map(m => m.pid), escaped: escaped.size };
}

// Byte counts in notes, the way nvidia-smi counts them.
function formatMiB(bytes) {
    return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

// Turns a stream of text chunks into lines. A carriage return without a newline (progress bars)
// overwrites the line like a terminal would; an endless line is cut at maxLength so that memory
// stays bounded; end() flushes a last line that had no newline.
class LineSplitter {
    onLine;
    maxLength;
    partial = '';
    constructor(onLine, maxLength = 64 * 1024) {
        this.onLine = onLine;
        this.maxLength = maxLength;
    }
    push(chunk) {
        let text = this.partial + chunk;
        let newline = text.indexOf('\n');
        while (newline >= 0) {
            this.emit(text.slice(0, newline));
            text = text.slice(newline + 1);
            newline = text.indexOf('\n');
        }
        const lastReturn = text.lastIndexOf('\r', text.length - 2);
        if (lastReturn >= 0)
            text = text.slice(lastReturn + 1);
        while (text.length > this.maxLength) {
            this.emit(text.slice(0, this.maxLength));
            text = text.slice(this.maxLength);
        }
        this.partial = text;
    }
    end() {
        if (this.partial !== '')
            this.emit(this.partial);
        this.partial = '';
    }
    emit(raw) {
        let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        const lastReturn = line.lastIndexOf('\r');
        if (lastReturn >= 0)
            line = line.slice(lastReturn + 1);
        this.onLine(line);
    }
}

// One long-lived `nvidia-smi ... -lms N` process whose output is handed over line by line with
// its arrival time. It runs in its own process group so that a Ctrl-C meant for the gate does
// not end sampling before the run is stopped; if the gate dies, its next write hits a closed
// pipe and it exits. Failing to start, exiting early or hanging is recorded, never thrown; an
// early exit is classified (runnerHealth.ts) from its status and its last words.
const KEPT_LINES = 5;
const KEPT_STDERR = 4096;
class NvidiaSmiStream {
    args;
    onLine;
    /** Why the stream stopped before we asked it to, if it did. */
    failure = null;
    /** The same failure as a runner error (nvidia-smi is present but broken), when it stopped by itself. */
    runnerError = null;
    lines = 0;
    recent = [];
    stderr = '';
    child = null;
    stopping = false;
    exited = Promise.resolve();
    constructor(args, onLine) {
        this.args = args;
        this.onLine = onLine;
    }
    start() {
        const command = nvidiaSmiCommand();
        const child = spawn(command, this.args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
        this.child = child;
        const splitter = new LineSplitter(line => {
            this.lines++;
            this.recent.push(line);
            if (this.recent.length > KEPT_LINES)
                this.recent.shift();
            this.onLine(line, Date.now());
        });
        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (chunk) => {
            if (this.stderr.length < KEPT_STDERR)
                this.stderr += chunk;
        });
        child.stderr?.on('error', () => { });
        child.stdout?.setEncoding('utf8');
        child.stdout?.on('data', (chunk) => splitter.push(chunk));
        child.stdout?.on('error', () => { });
        this.exited = new Promise(resolve => {
            child.on('error', err => {
                const code = err.code;
                this.failure ??= code === 'ENOENT' ? `${command} not found` : `${command}: ${err.message}`;
                this.runnerError ??= {
                    kind: 'nvidia-smi-error',
                    message: `nvidia-smi could not be started for sampling (${this.failure})`,
                    fix: 'check that nvidia-smi is still installed and executable on the runner',
                    detail: null
                };
                resolve();
            });
            child.on('exit', (code, signal) => {
                splitter.end();
                if (!this.stopping && this.failure === null) {
                    this.failure = `${command} stopped by itself (${code ?? signal}) while sampling`;
                    const verdict = classifyNvidiaSmi({
                        exitCode: code,
                        stdout: this.recent.join('\n'),
                        stderr: this.stderr,
                        timedOut: false
                    });
                    this.runnerError = verdict.error ?? {
                        kind: 'nvidia-smi-error',
                        message: `nvidia-smi's sampling loop stopped by itself (${code ?? signal}) in the middle of the run`,
                        fix: 'run nvidia-smi on the runner to see whether the driver still answers; reboot it if not',
                        detail: this.recent.at(-1) ?? null
                    };
                }
                resolve();
            });
        });
    }
    /** Ends the stream: SIGTERM, then SIGKILL; gives up waiting after waitMs (stuck in the driver). */
    async stop(waitMs = 2000) {
        const child = this.child;
        if (!child || child.exitCode !== null || child.signalCode !== null)
            return;
        this.stopping = true;
        const kill = (signal) => {
            try {
                if (child.pid !== undefined)
                    process.kill(-child.pid, signal);
            }
            catch {
                // already gone
            }
        };
        kill('SIGTERM');
        let timer;
        const gaveUp = new Promise(r => (timer = setTimeout(() => r('late'), waitMs / 2)));
        if ((await Promise.race([this.exited, gaveUp])) === 'late') {
            kill('SIGKILL');
            const never = new Promise(r => (timer = setTimeout(() => r('late'), waitMs / 2)));
            if ((await Promise.race([this.exited, never])) === 'late') {
                child.stdout?.destroy();
                child.stderr?.destroy();
                child.unref();
            }
        }
        clearTimeout(timer);
    }
}

/** How long the first row of the card loop may take (nvidia-smi starts slowly without persistence mode). */
const FIRST_ROW_WAIT_MS = 5000;
/**
 * Silence of the card loop (which prints every tick) that means the driver hung rather than a
 * busy machine delaying a tick: long enough that a loaded CI host never reaches it.
 */
const HUNG_SILENCE_MS = 5000;
class NvidiaSmiSampler {
    options;
    notes = [];
    states = new Map();
    indexByUuid = new Map();
    foreign = new Map();
    grouper;
    tree = null;
    startedAt = 0;
    refreshedForTick = -1;
    stray = [];
    strayCount = 0;
    appsStream = null;
    deviceStream = null;
    lastDeviceRowAt = Number.NEGATIVE_INFINITY;
    stoppedAt = null;
    started = false;
    runnerError = null;
    constructor(options) {
        this.options = options;
        this.grouper = new TickGrouper(Math.min(200, Math.max(10, options.intervalMs / 2)));
    }
    /**
     * Takes the baseline (the cards' memory.used and the processes already on them) and starts
     * the loops. False, with a note, when nvidia-smi cannot be used; the run goes on without it.
     */
    async start() {
        const timeoutMs = this.options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
        const loop = ['-lms', String(Math.max(1, Math.round(this.options.intervalMs)))];
        const format = '--format=csv,noheader,nounits';
        this.appsStream = new NvidiaSmiStream([`--query-compute-apps=${COMPUTE_APPS_FIELDS}`, format, ...loop], (l, at) => this.onAppsLine(l, at));
        this.deviceStream = new NvidiaSmiStream([`--query-gpu=${GPU_QUERY_FIELDS}`, format, ...loop], (l, at) => this.onDeviceLine(l, at));
        // The loops start alongside the baseline queries: nvidia-smi takes a while to start.
        this.appsStream.start();
        this.deviceStream.start();
        const [cards, apps] = await Promise.all([queryGpus(timeoutMs), queryComputeApps(timeoutMs)]);
        if (!cards.ok) {
            this.notes.push(`nvidia-smi sampler off: ${cards.error}`);
            // The gate found nvidia-smi working before giving this run its GPUs: failing now is the runner's fault.
            this.runnerError = cards.runnerError ?? {
                kind: 'nvidia-smi-error',
                message: `nvidia-smi is gone from this runner (${cards.error})`,
                fix: 'check that the NVIDIA driver and nvidia-smi are still installed on the runner',
                detail: null
            };
            await this.stopStreams();
            return false;
        }
        for (const card of cards.value)
            if (card.uuid)
                this.indexByUuid.set(card.uuid, card.index);
        for (const given of this.options.gpus) {
            const card = cards.value.find(c => (given.uuid ? c.uuid === given.uuid : c.index === given.index));
            if (!card?.uuid) {
                this.notes.push(`GPU ${given.index} (${given.uuid ?? 'no uuid'}) is not in nvidia-smi's list; not sampled`);
                continue;
            }
            this.states.set(card.uuid, this.newState(card.uuid, card.index, true, card.memoryUsedBytes));
        }
        if (this.states.size === 0) {
            await this.stopStreams();
            return false;
        }
        if (apps.ok) {
            for (const row of apps.value) {
                if (this.states.has(row.gpuUuid))
                    this.foreign.set(row.pid, { uuid: row.gpuUuid, bytes: row.usedBytes });
            }
        }
        else
            this.notes.push(`could not list the processes on the GPUs before the run: ${apps.error}`);
        this.started = true;
        // Sampling must be live when the command starts, or a short run's peak is missed.
        const firstRowMs = Math.min(timeoutMs, FIRST_ROW_WAIT_MS);
        const live = await waitFor(() => Number.isFinite(this.lastDeviceRowAt) || this.deviceStream?.failure != null, firstRowMs, 10);
        if (!live)
            this.notes.push(`nvidia-smi's sampling loop printed nothing within ${firstRowMs / 1000}s of its start`);
        return true;
    }
    /** From now on rows are attributed to this tree; rows seen before are other processes'. */
    attach(tree, startedAt) {
        this.tree = tree;
        this.startedAt = startedAt;
    }
    newState(uuid, index, given, baselineBytes) {
        return {
            uuid,
            index,
            given,
            baselineBytes,
            tick: -1,
            tickSum: 0,
            lastOurRowAt: Number.NEGATIVE_INFINITY,
            attributedPeak: null,
            attributedPeakAt: null,
            ourUnknownRows: 0,
            unmatchedPids: new Set(),
            otherPids: new Set(),
            deltaNow: null,
            deltaPeak: null,
            deltaPeakAt: null
        };
    }
    noteStray(text) {
        // An NVML error printed inside the loop (a GPU lost mid-run) is the runner breaking.
        this.runnerError ??= runnerErrorInLine(text);
        this.strayCount++;
        if (this.stray.length < 3)
            this.stray.push(text.slice(0, 120));
    }
    onAppsLine(line, atMs) {
        const parsed = parseComputeAppsLine(line);
        if (parsed.kind === 'header' || parsed.kind === 'blank') {
            this.grouper.separate();
            return;
        }
        if (parsed.kind === 'stray') {
            this.noteStray(parsed.text);
            return;
        }
        const { pid, gpuUuid, usedBytes } = parsed.row;
        const tick = this.grouper.add(`${pid} ${gpuUuid}`, atMs);
        const tree = this.tree;
        if (!tree) {
            if (this.states.has(gpuUuid))
                this.foreign.set(pid, { uuid: gpuUuid, bytes: usedBytes });
            return;
        }
        let ours = tree.has(pid);
        if (!ours && !tree.seen(pid) && !this.foreign.has(pid) && this.refreshedForTick !== tick) {
            // A process started since the last refresh: look again before calling it a stranger.
            this.refreshedForTick = tick;
            tree.refresh();
            ours = tree.has(pid);
        }
        if (!ours) {
            const state = this.states.get(gpuUuid);
            if (!state || this.foreign.has(pid))
                return;
            if (tree.seen(pid))
                state.otherPids.add(pid);
            else
                state.unmatchedPids.add(pid);
            return;
        }
        let state = this.states.get(gpuUuid);
        if (!state) {
            state = this.newState(gpuUuid, this.indexByUuid.get(gpuUuid) ?? null, false, null);
            this.states.set(gpuUuid, state);
        }
        if (usedBytes === null) {
            state.ourUnknownRows++;
            return;
        }
        if (state.tick !== tick) {
            state.tick = tick;
            state.tickSum = 0;
        }
        state.tickSum += usedBytes;
        state.lastOurRowAt = atMs;
        if (state.attributedPeak === null || state.tickSum > state.attributedPeak) {
            state.attributedPeak = state.tickSum;
            state.attributedPeakAt = atMs - this.startedAt;
        }
        this.options.onSample?.({ atMs, gpuUuid, bytes: state.tickSum });
    }
    onDeviceLine(line, atMs) {
        const parsed = parseGpuQueryLine(line);
        if (parsed.kind === 'stray')
            this.noteStray(parsed.text);
        if (parsed.kind !== 'row')
            return;
        this.lastDeviceRowAt = atMs;
        if (!this.tree)
            return;
        const state = parsed.gpu.uuid ? this.states.get(parsed.gpu.uuid) : undefined;
        if (!state?.given || state.baselineBytes === null || parsed.gpu.memoryUsedBytes === null)
            return;
        const delta = Math.max(0, parsed.gpu.memoryUsedBytes - state.baselineBytes);
        state.deltaNow = delta;
        if (state.deltaPeak === null || delta > state.deltaPeak) {
            state.deltaPeak = delta;
            state.deltaPeakAt = atMs - this.startedAt;
        }
    }
    /** Current and peak GPU memory of the run so far, for progress lines and early stop. */
    live(now = Date.now()) {
        const fresh = 2.5 * this.options.intervalMs + 100;
        const attributed = { seen: false, current: 0, peak: 0 };
        const device = { seen: false, current: 0, peak: 0 };
        for (const s of this.states.values()) {
            if (s.attributedPeak !== null) {
                // No row for a while: the processes freed their memory (an empty tick prints nothing).
                const current = now - s.lastOurRowAt <= fresh ? s.tickSum : 0;
                attributed.seen = true;
                attributed.current = Math.max(attributed.current, current);
                attributed.peak = Math.max(attributed.peak, s.attributedPeak);
            }
            else if (s.given && s.deltaPeak !== null && s.deltaPeak > 0) {
                device.seen = true;
                device.current = Math.max(device.current, s.deltaNow ?? 0);
                device.peak = Math.max(device.peak, s.deltaPeak);
            }
        }
        if (attributed.seen)
            return { currentBytes: attributed.current, peakBytes: attributed.peak, source: 'nvidia-smi' };
        if (device.seen)
            return { currentBytes: device.current, peakBytes: device.peak, source: 'nvidia-smi-device' };
        return null;
    }
    /** PIDs of other processes that held memory on our GPUs before the run. */
    foreignPids() {
        return [...this.foreign.keys()];
    }
    async stopStreams() {
        this.stoppedAt ??= Date.now();
        await Promise.all([this.appsStream?.stop(), this.deviceStream?.stop()]);
    }
    /** Why nvidia-smi could not be relied on for this run, if it could not. */
    get runnerFailure() {
        return this.runnerError;
    }
    /** Whether per-process rows were usable to the end (the release wait can rely on them). */
    get rowsUsable() {
        return this.appsStream !== null && this.appsStream.failure === null;
    }
    /**
     * The loops kept answering to the end. With no process on a card the per-process loop prints
     * nothing, so silence there proves nothing; the card loop prints every tick, so its silence
     * means nvidia-smi hung.
     */
    get loopsAlive() {
        const end = this.stoppedAt ?? Date.now();
        return this.rowsUsable && end - this.lastDeviceRowAt <= Math.max(3 * this.options.intervalMs, 1000);
    }
    /** Our GPUs with the memory.used they showed before the run (for the release wait). */
    baselines() {
        return [...this.states.values()]
            .filter(s => s.given)
            .map(s => ({ uuid: s.uuid, index: s.index, baselineBytes: s.baselineBytes }));
    }
    outcome() {
        const notes = [...this.notes];
        if (!this.started) {
            return {
                gpus: [],
                nvidiaSmiBytes: null,
                deviceUsedDeltaBytes: null,
                peakAtMs: null,
                notes,
                usedDevice: false,
                runnerError: this.runnerError
            };
        }
        const gpus = [];
        let nvidiaSmiBytes = null;
        let deviceUsedDeltaBytes = null;
        let best = null;
        const appsHealthy = this.loopsAlive;
        for (const failure of [this.appsStream?.failure, this.deviceStream?.failure]) {
            if (failure)
                notes.push(`nvidia-smi sampling: ${failure}`);
        }
        let runnerError = this.runnerError ?? this.appsStream?.runnerError ?? this.deviceStream?.runnerError ?? null;
        if (this.rowsUsable && !appsHealthy) {
            const silentMs = (this.stoppedAt ?? Date.now()) - this.lastDeviceRowAt;
            const last = Number.isFinite(this.lastDeviceRowAt)
                ? `its last row came ${Math.round(silentMs / 1000)}s before the end`
                : 'it printed no row at all';
            notes.push(`nvidia-smi sampling went silent (${last}): GPU memory may be missing`);
            if (!Number.isFinite(silentMs) || silentMs >= HUNG_SILENCE_MS) {
                runnerError ??= {
                    kind: 'hung',
                    message: `nvidia-smi stopped answering during the run (${last}): the NVIDIA driver is hung`,
                    fix: 'reboot the runner: processes stuck in the driver cannot be killed; dmesg usually shows the Xid that hung it',
                    detail: null
                };
            }
        }
        if (this.strayCount > 0) {
            notes.push(`ignored ${this.strayCount} line(s) of nvidia-smi output that were not CSV rows, e.g. ${JSON.stringify(this.stray[0])}`);
        }
        const label = (s) => `GPU ${s.index ?? s.uuid}`;
        for (const s of this.states.values()) {
            const foreignHere = [...this.foreign].filter(([, f]) => f.uuid === s.uuid);
            if (foreignHere.length > 0 && s.baselineBytes !== null) {
                const list = foreignHere.map(([pid, f]) => `pid ${pid}${f.bytes !== null ? ` ${formatMiB(f.bytes)}` : ''}`);
                notes.push(`${label(s)}: ${formatMiB(s.baselineBytes)} in use before the start (other processes: ${list.join(', ')}); not counted`);
            }
            if (!s.given)
                notes.push(`${label(s)} was not given to the run, but its processes used it`);
            let peak = null;
            let at = null;
            let fallback = null;
            if (s.attributedPeak !== null && s.ourUnknownRows === 0) {
                [peak, at] = [s.attributedPeak, s.attributedPeakAt];
            }
            else if (s.ourUnknownRows > 0) {
                fallback = `nvidia-smi printed its processes' memory as unavailable ([N/A])`;
            }
            else if (s.unmatchedPids.size > 0 && s.deltaPeak !== null && s.deltaPeak > 0) {
                const pids = [...s.unmatchedPids].slice(0, 5).join(', ');
                fallback = `its rows name PIDs that match no process here (${pids}): a container without the host PID namespace?`;
            }
            else if (s.given && s.deltaPeak !== null && (s.deltaPeak > 0 || !appsHealthy)) {
                fallback = appsHealthy ? 'nvidia-smi listed no process of the run' : 'the per-process query failed';
            }
            else if (appsHealthy && s.given && s.baselineBytes !== null) {
                [peak, at] = [0, null]; // the rows worked, none was ours, and memory.used did not grow: not used
            }
            else if (appsHealthy && s.given) {
                // No row of ours and memory.used unreadable ([N/A], [Insufficient Permissions]): unknown, not 0.
                notes.push(`${label(s)}: nvidia-smi listed no process of the run and the card's memory.used is unavailable: GPU memory not measurable by nvidia-smi`);
            }
            if (fallback !== null) {
                if (s.deltaPeak !== null) {
                    peak = Math.max(s.deltaPeak, s.attributedPeak ?? 0);
                    at = peak === s.deltaPeak ? s.deltaPeakAt : s.attributedPeakAt;
                    deviceUsedDeltaBytes = Math.max(deviceUsedDeltaBytes ?? 0, peak);
                    notes.push(`${label(s)}: ${fallback}; measured the card's memory.used minus the ${formatMiB(s.baselineBytes ?? 0)} it showed before the start instead, which also counts any other process that changed its memory meanwhile`);
                }
                else if (s.attributedPeak !== null) {
                    [peak, at] = [s.attributedPeak, s.attributedPeakAt];
                    nvidiaSmiBytes = Math.max(nvidiaSmiBytes ?? 0, peak);
                    notes.push(`${label(s)}: ${fallback} for some rows; only rows with a value were counted, so the peak may be low`);
                }
                else {
                    notes.push(`${label(s)}: ${fallback}, and the card's memory.used is unavailable too: GPU memory unknown`);
                }
            }
            else if (peak !== null) {
                nvidiaSmiBytes = Math.max(nvidiaSmiBytes ?? 0, peak);
                if (s.unmatchedPids.size > 0) {
                    notes.push(`${label(s)}: rows of PIDs ${[...s.unmatchedPids].slice(0, 5).join(', ')} matched no process of the run and were not counted`);
                }
            }
            if (s.otherPids.size > 0) {
                notes.push(`${label(s)}: other processes (${[...s.otherPids].slice(0, 5).join(', ')}) used it during the run; not counted`);
            }
            if (peak !== null && (best === null || peak > best.bytes))
                best = { bytes: peak, at };
            if (s.index !== null)
                gpus.push({
                    index: s.index,
                    uuid: s.uuid,
                    peakBytes: peak,
                    baselineBytes: s.given ? s.baselineBytes : null
                });
        }
        return {
            gpus,
            nvidiaSmiBytes,
            deviceUsedDeltaBytes,
            peakAtMs: best?.at ?? null,
            notes,
            usedDevice: deviceUsedDeltaBytes !== null,
            runnerError
        };
    }
}

// Where the torch probe (sitecustomize.py) lives. Python loads it from disk, so it is not part of the
// JavaScript bundle: rollup copies it to dist/probe/ next to dist/cli.js and dist/index.js.
/** The directory holding sitecustomize.py, to put first on PYTHONPATH. */
function probeDir() {
    const here = dirname(fileURLToPath(import.meta.url));
    const candidates = [
        here, // running from source: src/measure/probe/location.ts (vitest, tsx)
        join(here, 'probe'), // bundled: dist/cli.js, dist/index.js
        join(here, '..', '..', '..', 'dist', 'probe') // a source file elsewhere under src/ with a built dist/
    ];
    const found = candidates.find(dir => existsSync(join(dir, 'sitecustomize.py')));
    if (found === undefined) {
        throw new Error(`oom-gate: the torch probe sitecustomize.py is missing (looked in ${candidates.join(', ')})`);
    }
    return found;
}

// Reads the records the torch probe wrote (OOM_GATE_RESULT_DIR/probe/<pid>.json). A process killed
// mid-write leaves at most a hidden temp file (the probe renames into place), but the directory is
// user-writable, so every file is validated and a bad one is skipped, never fatal. The memory
// snapshot a record names is summarised after measuring (pipeline/snapshotSummaries.ts).
const bytes = number().int().nonnegative().nullable();
const optionalCount = number().int().nonnegative().nullable().optional();
const ProbeRecordSchema = object({
    pid: number().int().positive(),
    torchVersion: string().nullable(),
    devices: record(string().regex(/^\d+$/), object({
        maxAllocatedBytes: bytes,
        maxReservedBytes: bytes,
        totalBytes: bytes,
        usedBeyondReservedBytes: bytes,
        numAllocRetries: optionalCount,
        numOoms: optionalCount,
        maxActiveBytes: optionalCount,
        maxInactiveSplitBytes: optionalCount
    })),
    capFraction: number().positive().max(1).nullable(),
    exception: string().nullable(),
    final: boolean(),
    allocConf: string().nullable().optional(),
    memoryHistory: string().nullable().optional(),
    cwd: string().nullable().optional(),
    snapshot: object({
        pickle: string(),
        json: string(),
        reason: string(),
        historyApi: string().nullable(),
        peakAllocatedBytes: bytes
    })
        .nullable()
        .optional()
});
/** Valid probe records under `resultDir/probe/`, ordered by PID; [] when there are none. */
async function readProbeRecords(resultDir) {
    const dir = join(resultDir, 'probe');
    let names;
    try {
        names = await readdir(dir);
    }
    catch {
        return [];
    }
    const records = [];
    for (const name of names) {
        if (!/^\d+\.json$/.test(name))
            continue;
        try {
            const parsed = ProbeRecordSchema.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8')));
            if (!parsed.success)
                continue;
            records.push(parsed.data);
        }
        catch {
            // unreadable or not JSON: skipped like an invalid record
        }
    }
    return records.sort((a, b) => a.pid - b.pid);
}

// /proc/<pid>/stat, the one file that gives a process's parent, group, session, start time
// and resident pages in a single read (cheap enough to read for every process at 10 Hz).
function parseProcStat(text) {
    // comm (field 2) may contain spaces and parentheses: the fields resume after the last ")".
    const close = text.lastIndexOf(')');
    if (close < 0)
        return null;
    const pid = Number(text.slice(0, text.indexOf(' ')));
    const fields = text.slice(close + 2).split(' ');
    const [state, ppid, pgrp, session] = [fields[0], fields[1], fields[2], fields[3]];
    const startTime = Number(fields[19]);
    const rssPages = Number(fields[21]);
    if (!state || !Number.isInteger(pid) || !Number.isFinite(startTime) || !Number.isFinite(rssPages))
        return null;
    return { pid, state, ppid: Number(ppid), pgrp: Number(pgrp), session: Number(session), startTime, rssPages };
}
function readProcStat(pid, procRoot = '/proc') {
    try {
        return parseProcStat(readFileSync(`${procRoot}/${pid}/stat`, 'latin1'));
    }
    catch {
        return null;
    }
}
/** Zombies have exited; they only wait to be reaped and hold no memory. */
function isRunning(stat) {
    return stat !== null && stat.state !== 'Z' && stat.state !== 'X' && stat.state !== 'x';
}

// VmHWM from /proc/<pid>/status: the kernel's own peak of a process's resident memory. Sampling
// summed RSS every 100 ms misses spikes shorter than that; the high-water mark does not.
function readHighWaterMarkBytes(pid, procRoot = '/proc') {
    let text;
    try {
        text = readFileSync(`${procRoot}/${pid}/status`, 'utf8');
    }
    catch {
        return null;
    }
    const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(text);
    return m ? Number(m[1]) * 1024 : null;
}

// The smoke run's process tree, from /proc: every process descended from the shell (by ppid at
// the time we saw it), or in its process group or session. Processes are remembered by
// (pid, start time), so a child that escaped with setsid() and was re-parented to init is still
// ours, and a recycled pid is not. Refreshing reads /proc/<pid>/stat only for processes that are
// new since the last refresh or already ours, so it stays cheap on a busy host.
// A process that left the tree by a double fork and setsid is still ours when it is in the
// run's memory cgroup, or carries the run's token (OOM_GATE_RUN_TOKEN) in its environment.
class ProcessTree {
    rootPid;
    procRoot;
    membership;
    live = new Map();
    ever = new Map();
    /** Pids present at the last refresh: those not in `live` are not ours and never become ours. */
    present = new Set();
    rootStartTime = null;
    constructor(rootPid, procRoot = '/proc', membership = {}) {
        this.rootPid = rootPid;
        this.procRoot = procRoot;
        this.membership = membership;
        this.refresh();
    }
    refresh() {
        let entries;
        try {
            entries = readdirSync(this.procRoot);
        }
        catch {
            return;
        }
        const present = new Set();
        const fresh = [];
        for (const entry of entries) {
            const first = entry.charCodeAt(0);
            if (first < 48 || first > 57)
                continue;
            const pid = Number(entry);
            present.add(pid);
            if (this.live.has(pid) || this.present.has(pid))
                continue;
            const stat = readProcStat(pid, this.procRoot);
            if (stat)
                fresh.push(stat);
        }
        for (const [pid, before] of this.live) {
            const stat = present.has(pid) ? readProcStat(pid, this.procRoot) : null;
            if (stat && stat.startTime !== before.startTime) {
                this.live.delete(pid);
                fresh.push(stat); // the pid was recycled: judge the newcomer on its own
            }
            else if (!isRunning(stat))
                this.live.delete(pid);
            else
                this.live.set(pid, stat);
        }
        this.rootStartTime ??= fresh.find(s => s.pid === this.rootPid)?.startTime ?? null;
        const inCgroup = new Set(this.membership.cgroupPids?.() ?? []);
        const adopted = new Set(fresh.filter(s => inCgroup.has(s.pid) || this.carriesToken(s)).map(s => s.pid));
        // Adopt parents before their children: repeat until nothing new joins.
        for (let grew = true; grew;) {
            grew = false;
            for (let i = fresh.length - 1; i >= 0; i--) {
                const stat = fresh[i];
                if (!this.belongs(stat) && !adopted.has(stat.pid))
                    continue;
                fresh.splice(i, 1);
                grew = true;
                this.ever.set(stat.pid, stat.startTime);
                if (isRunning(stat))
                    this.live.set(stat.pid, stat);
            }
        }
        this.present = present;
    }
    /** Only processes started since the run can carry its token: older ones are not read. */
    carriesToken(stat) {
        const token = this.membership.envToken;
        if (!token || this.rootStartTime === null || stat.startTime < this.rootStartTime)
            return false;
        try {
            return readFileSync(`${this.procRoot}/${stat.pid}/environ`, 'latin1').split('\0').includes(token);
        }
        catch {
            return false;
        }
    }
    belongs(stat) {
        const root = this.rootPid;
        return stat.pid === root || stat.pgrp === root || stat.session === root || this.live.has(stat.ppid);
    }
    /** Was this pid ever part of the tree (as of the last refresh)? */
    has(pid) {
        return this.ever.has(pid);
    }
    /** Was this pid in /proc at the last refresh (ours or not)? */
    seen(pid) {
        return this.present.has(pid) || this.ever.has(pid);
    }
    liveMembers() {
        return [...this.live.values()];
    }
    get size() {
        return this.live.size;
    }
    everPids() {
        return [...this.ever.keys()];
    }
    /** Resident memory of the running members at the last refresh. */
    rssBytes() {
        let pages = 0;
        for (const stat of this.live.values())
            pages += stat.rssPages;
        return pages * pageSize();
    }
    /** The largest resident high-water mark of a live member: a floor for the tree's true peak. */
    highWaterMarkBytes() {
        let best = 0;
        for (const pid of this.live.keys())
            best = Math.max(best, readHighWaterMarkBytes(pid, this.procRoot) ?? 0);
        return best;
    }
    /** Is pid still the very process we recorded (not exited, not recycled)? Checked before signalling. */
    isSameRunning(pid) {
        const startTime = this.ever.get(pid);
        const stat = readProcStat(pid, this.procRoot);
        return startTime !== undefined && isRunning(stat) && stat.startTime === startTime;
    }
}

// After a run is stopped, its GPU memory is freed by the driver asynchronously (and a process
// stuck in the driver keeps it). The next model must not start on a card that still holds the
// last one's memory, so we poll until no compute process of the run is listed and, where rows
// could not be attributed, until the cards' memory.used is back near the pre-run baseline.
const RELEASE_TOLERANCE_BYTES = 64 * 1024 * 1024;
async function waitForGpuRelease(options) {
    const started = Date.now();
    let lastHolding = null;
    for (;;) {
        const left = options.timeoutMs - (Date.now() - started);
        // Give each query at least a second, so the last poll is not cut short: we may overrun by that.
        const check = await checkOnce(options, Math.min(options.queryTimeoutMs, Math.max(left, 1000)));
        const waitedMs = Date.now() - started;
        if (check.error !== null)
            return { released: false, waitedMs, holding: lastHolding ?? check.error };
        if (check.holding === null)
            return { released: true, waitedMs, holding: null };
        lastHolding = check.holding;
        if (waitedMs >= options.timeoutMs)
            return { released: false, waitedMs, holding: lastHolding };
        await new Promise(resolve => setTimeout(resolve, Math.min(options.pollMs, options.timeoutMs - waitedMs)));
    }
}
/** One look: what of ours still holds memory (null: nothing), or why nvidia-smi could not tell. */
async function checkOnce(options, queryTimeoutMs) {
    const tolerance = options.toleranceBytes ?? RELEASE_TOLERANCE_BYTES;
    const apps = await queryComputeApps(queryTimeoutMs);
    if (apps.ok) {
        const ours = apps.value.filter(row => options.ourPids.has(row.pid));
        if (ours.length > 0)
            return { holding: `still listed: ${ours.map(r => `pid ${r.pid}`).join(', ')}`, error: null };
        if (!options.checkDevice)
            return { holding: null, error: null };
    }
    const cards = await queryGpus(queryTimeoutMs);
    if (!cards.ok)
        return { holding: null, error: `could not ask nvidia-smi: ${apps.ok ? cards.error : apps.error}` };
    const over = [];
    for (const card of cards.value) {
        const ours = options.gpus.find(g => g.uuid === card.uuid);
        if (!ours || ours.baselineBytes === null || card.memoryUsedBytes === null)
            continue;
        if (card.memoryUsedBytes - ours.baselineBytes > tolerance) {
            over.push(`GPU ${card.index} still ${formatMiB(card.memoryUsedBytes - ours.baselineBytes)} above its baseline`);
        }
    }
    return { holding: over.length > 0 ? over.join('; ') : null, error: null };
}

function buildRunEnv(input) {
    const env = { ...input.base, ...input.model.env };
    env.OOM_GATE_MODEL = input.model.name;
    env.OOM_GATE_RESULT_DIR = input.resultDir;
    if (input.gpus.length > 0) {
        env.CUDA_VISIBLE_DEVICES = input.gpus.map(g => g.index).join(',');
        // CUDA numbers cards fastest-first unless told otherwise; nvidia-smi's indices are PCI order.
        env.CUDA_DEVICE_ORDER ??= 'PCI_BUS_ID';
    }
    // With no GPU given, CUDA_VISIBLE_DEVICES stays as the base/model env has it (unset on a
    // machine without GPUs): hiding every card with "" would turn a GPU run into a CPU run silently.
    env.PYTHONUNBUFFERED ??= '1'; // live log lines instead of 8 KiB blocks
    delete env.OOM_GATE_CAP_BYTES;
    delete env.OOM_GATE_PROBE_INTERVAL_MS;
    delete env.OOM_GATE_SNAPSHOT;
    delete env.OOM_GATE_LIMIT_BYTES;
    if (input.probe) {
        env.PYTHONPATH = env.PYTHONPATH ? `${input.probe.dir}:${env.PYTHONPATH}` : input.probe.dir;
        if (input.probe.capBytes !== null)
            env.OOM_GATE_CAP_BYTES = String(input.probe.capBytes);
        env.OOM_GATE_PROBE_INTERVAL_MS = String(Math.round(input.probe.intervalMs));
        env.OOM_GATE_SNAPSHOT = input.probe.snapshot ?? 'off';
        if (input.probe.limitBytes != null)
            env.OOM_GATE_LIMIT_BYTES = String(input.probe.limitBytes);
    }
    return env;
}

// The last lines of a run's output, kept for the report and the OOM classifier. Bounded three
// ways, so that no output can grow the gate: lines, UTF-8 bytes per line (a progress bar or a
// tensor dump printed on one line), and UTF-8 bytes in total. Terminal escape codes (colours,
// cursor moves) are removed: they mean nothing in a PR comment or results.json.
const LOG_TAIL_LINES = 200;
/** Longest line kept, in UTF-8 bytes; longer ones are cut in the middle. */
const LOG_TAIL_LINE_BYTES = 2000;
/** Most UTF-8 bytes kept over all lines. */
const LOG_TAIL_TOTAL_BYTES = 64 * 1024;
class LogTail {
    maxLines;
    maxLineBytes;
    maxTotalBytes;
    lines = [];
    bytes = 0;
    constructor(maxLines = LOG_TAIL_LINES, maxLineBytes = LOG_TAIL_LINE_BYTES, maxTotalBytes = LOG_TAIL_TOTAL_BYTES) {
        this.maxLines = maxLines;
        this.maxLineBytes = maxLineBytes;
        this.maxTotalBytes = maxTotalBytes;
    }
    push(raw) {
        const text = cutMiddle(stripVTControlCharacters(raw), this.maxLineBytes);
        const bytes = Buffer.byteLength(text);
        this.lines.push({ text, bytes });
        this.bytes += bytes;
        while (this.lines.length > this.maxLines || (this.bytes > this.maxTotalBytes && this.lines.length > 1)) {
            this.bytes -= this.lines.shift().bytes;
        }
    }
    get() {
        return this.lines.map(l => l.text);
    }
}
/** The start and the end of a line longer than `maxBytes` UTF-8 bytes (an error's message is at one end or the other). */
function cutMiddle(line, maxBytes) {
    const total = Buffer.byteLength(line);
    if (total <= maxBytes)
        return line;
    const marker = ` … [${total - maxBytes} bytes cut] … `;
    const points = Array.from(line); // whole code points: never half a surrogate pair
    // Code points to keep, shrunk until the result fits (multi-byte characters take more than one byte).
    let keep = Math.max(0, Math.floor(((maxBytes - Buffer.byteLength(marker)) * points.length) / total));
    for (;;) {
        const head = Math.ceil(keep / 2);
        const cut = points.slice(0, head).join('') + marker + points.slice(points.length - (keep - head)).join('');
        if (Buffer.byteLength(cut) <= maxBytes || keep === 0)
            return cut;
        keep = Math.floor(keep * 0.9);
    }
}

// Starts the smoke command: bash as the leader of its own process group and session (detached),
// so that the whole tree can be signalled at once and a Ctrl-C at the gate's terminal does not
// reach it directly. The shell first joins the run's memory cgroup (before anything else runs,
// so no child is ever outside it), then execs `bash -o pipefail -c <run>`: an OOM behind
// `| tee log` keeps its exit status. stdout and stderr are merged line by line and streamed;
// while the log sink is slow the pipes are paused, so the command blocks on its writes instead of
// the gate buffering its output. The last lines are kept for the report (logTail.ts).
/** Exit status of the wrapper when the shell could not join the run's cgroup. */
const CGROUP_JOIN_FAILED = 125;
const WRAPPER = `if [ -n "$1" ]; then
  echo $$ 2>/dev/null > "$1" || { echo "oom-gate: could not join the run's memory cgroup ($1)" >&2; exit ${CGROUP_JOIN_FAILED}; }
fi
exec bash -o pipefail -c "$2"`;
function startCommand(options) {
    const tail = new LogTail(options.tailLines ?? LOG_TAIL_LINES);
    const sink = options.sink === undefined ? process.stdout : options.sink;
    const onLine = (line) => {
        tail.push(line);
        try {
            options.onLine?.(line);
        }
        catch {
            // A broken log consumer must not stop the run or its measurement.
        }
    };
    const child = spawn('bash', ['-c', WRAPPER, 'oom-gate', options.cgroupProcs ?? '', options.run], {
        cwd: options.cwd,
        env: options.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe']
    });
    let paused = false;
    const resume = () => {
        paused = false;
        for (const pipe of pipes)
            if (!pipe.stream.destroyed)
                pipe.stream.resume();
    };
    const pressure = () => {
        if (paused || !sink?.writableNeedDrain)
            return;
        paused = true;
        for (const pipe of pipes)
            pipe.stream.pause();
        sink.once('drain', resume);
    };
    const pipes = [child.stdout, child.stderr].map(stream => {
        const splitter = new LineSplitter(onLine);
        stream.setEncoding('utf8');
        stream.on('data', (chunk) => {
            splitter.push(chunk);
            pressure();
        });
        stream.on('error', () => { });
        const closed = new Promise(resolve => stream.on('close', resolve));
        return { stream, splitter, closed };
    });
    for (const pipe of pipes)
        void pipe.closed.then(() => pipe.splitter.end());
    const exited = new Promise(resolve => {
        child.on('exit', (code, signal) => resolve({ code, signal, atMs: Date.now() }));
    });
    return new Promise(resolve => {
        child.once('error', err => resolve({ ok: false, error: `could not start bash: ${err.message}` }));
        child.once('spawn', () => {
            const pid = child.pid;
            resolve({
                ok: true,
                command: {
                    pid,
                    startedAt: Date.now(),
                    exited,
                    tail: () => tail.get(),
                    async drain(deadlineMs) {
                        let timer;
                        const deadline = new Promise(r => (timer = setTimeout(r, Math.max(0, deadlineMs))));
                        await Promise.race([Promise.all(pipes.map(p => p.closed)), deadline]);
                        clearTimeout(timer);
                        // A process we could not stop may still hold the pipes: stop reading, keep what we have.
                        resume();
                        for (const pipe of pipes) {
                            if (!pipe.stream.destroyed) {
                                pipe.stream.destroy();
                                pipe.splitter.end();
                            }
                        }
                    }
                }
            });
        });
    });
}

function planSamplers(sampler, gpuCount, capBytes) {
    const notes = [];
    const wantsSmi = sampler === 'auto' || sampler === 'nvidia-smi';
    if (sampler === 'nvidia-smi' && gpuCount === 0)
        notes.push('sampler nvidia-smi: no GPU was given to this run; host memory only');
    const probe = sampler === 'auto' || sampler === 'torch' || capBytes !== null;
    if (probe && sampler !== 'auto' && sampler !== 'torch') {
        notes.push(`the torch probe was loaded although the sampler is ${sampler}: it applies the memory cap`);
    }
    return { nvidiaSmi: wantsSmi && gpuCount > 0, probe, notes };
}

// Early stop: a run may end once it has run at least minDurationMs and none of its peaks (GPU,
// host...) has grown for settleMs. "Grown" means by more than 1 MiB and 0.1% over that peak when
// the settle clock last restarted, so that allocator noise does not keep a plateaued run alive,
// while slow creep that adds up still restarts the clock.
const MIN_GROWTH_BYTES = 1024 * 1024;
const MIN_GROWTH_RATIO = 0.001;
class SettleDetector {
    settleMs;
    minDurationMs;
    reference = new Map();
    sinceMs = 0;
    constructor(settleMs, minDurationMs) {
        this.settleMs = settleMs;
        this.minDurationMs = minDurationMs;
    }
    /** Feed the peaks so far by source; true when the run may be stopped. */
    update(peaks, elapsedMs) {
        for (const [source, peak] of Object.entries(peaks)) {
            if (peak === null)
                continue;
            const reference = this.reference.get(source);
            const threshold = Math.max(MIN_GROWTH_BYTES, (reference ?? 0) * MIN_GROWTH_RATIO);
            if (reference === undefined || peak - reference > threshold) {
                this.reference.set(source, peak);
                this.sinceMs = elapsedMs;
            }
        }
        if (this.reference.size === 0)
            return false;
        return elapsedMs >= this.minDurationMs && elapsedMs - this.sinceMs >= this.settleMs;
    }
    /** When a peak last grew (ms after start). */
    get lastGrowthAtMs() {
        return this.sinceMs;
    }
}

function summarizeProbes(records) {
    const reserved = new Map();
    const allocated = new Map();
    for (const record of records) {
        for (const [device, stats] of Object.entries(record.devices)) {
            if (stats.maxReservedBytes !== null)
                reserved.set(device, (reserved.get(device) ?? 0) + stats.maxReservedBytes);
            if (stats.maxAllocatedBytes !== null)
                allocated.set(device, (allocated.get(device) ?? 0) + stats.maxAllocatedBytes);
        }
    }
    const max = (m) => (m.size === 0 ? null : Math.max(...m.values()));
    return { torchReservedBytes: max(reserved), torchAllocatedBytes: max(allocated) };
}

// Nothing of a run may outlive the gate, even when the gate itself is SIGKILLed (a cancelled job
// past its grace, the runner's OOM killer) and no code of ours runs any more. A parent-death
// signal would reach one process only; this small shell, started outside the run's process group
// and cgroup, holds a pipe from the gate: when the pipe closes without "done" the gate is gone,
// and it SIGKILLs the run's process group, every member of its cgroup, and every process that
// carries the run's environment token, until none is left, then removes the cgroup.
const SCRIPT = `
pgid=$1 cg=$2 token=$3
IFS= read -r line
[ "$line" = done ] && exit 0
for round in $(seq 1 50); do
  found=
  kill -KILL -- "-$pgid" 2>/dev/null && found=1
  if [ -n "$cg" ] && [ -d "$cg" ]; then
    [ -e "$cg/cgroup.kill" ] && echo 1 2>/dev/null > "$cg/cgroup.kill"
    while IFS= read -r p; do kill -KILL "$p" 2>/dev/null && found=1; done < "$cg/cgroup.procs"
  fi
  if [ -n "$token" ]; then
    for f in $(grep -lszxF -- "$token" /proc/[0-9]*/environ); do
      p=\${f#/proc/}; kill -KILL "\${p%/environ}" 2>/dev/null && found=1
    done
  fi
  [ -z "$found" ] && break
  sleep 0.1
done
[ -n "$cg" ] && rmdir "$cg" 2>/dev/null
exit 0
`;
/** Starts the watchdog; null when it cannot be started (the report then says so). */
function startWatchdog(target) {
    let child;
    try {
        child = spawn('bash', [
            '-c',
            SCRIPT,
            'oom-gate-watchdog',
            String(target.groupId),
            target.cgroupDir ?? '',
            target.envToken ?? ''
        ], 
        // Its own session and no token in its environment: the watchdog never kills itself.
        {
            detached: true,
            stdio: ['pipe', 'ignore', 'ignore'],
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }
        });
    }
    catch {
        return Promise.resolve(null);
    }
    const exited = new Promise(r => child.once('close', () => r()));
    // The gate must be free to exit while a watchdog runs: that is when the watchdog acts.
    child.unref();
    child.stdin?.on('error', () => { });
    child.stdin?.unref?.();
    return new Promise(resolve => {
        child.once('error', () => resolve(null));
        child.once('spawn', () => resolve({
            async release() {
                child.stdin?.end('done\n');
                let timer;
                await Promise.race([exited, new Promise(r => (timer = setTimeout(r, 2000)))]);
                clearTimeout(timer);
            }
        }));
    });
}

// Runs one model's smoke command and measures it: the edge between the pipeline and the machine.
// Failing commands, missing tools and interruptions are data in the Measurement, never exceptions;
// no process of the run outlives this function, nor the gate itself (treeWatchdog.ts).
// Each run gets its own memory cgroup where the runner allows: host memory as the kernel charges
// it, a kernel record of OOM kills, and a membership no child escapes (cgroup/).
/** Longest wait for the shell's exit event and its pipes once the tree has been SIGKILLed. */
const AFTERMATH_MS = 5000;
/**
 * How long processes still running when the shell exits may take to end on their own before
 * they count as left running (Python's resource tracker exits a moment after the main process).
 */
const LEFTOVER_WAIT_MS = 2000;
let cgroupSeq = 0;
function blank(req) {
    return {
        name: req.model.name,
        exitCode: null,
        signal: null,
        durationMs: 0,
        timedOut: false,
        interrupted: false,
        stoppedEarly: false,
        timeoutMs: req.model.timeoutMs ?? req.timeoutMs,
        hostMethod: req.hostMethod === 'rss' ? 'rss' : 'pss',
        kernelOomKills: null,
        kernelOomSource: null,
        peakAtMs: null,
        peaks: { nvidiaSmiBytes: null, torchReservedBytes: null, torchAllocatedBytes: null, hostRssBytes: null },
        gpus: [],
        logTail: [],
        probes: [],
        notes: [],
        spawnError: null
    };
}
async function directoryProblem(path) {
    try {
        return (await stat(path)).isDirectory() ? null : 'is not a directory';
    }
    catch {
        return 'does not exist';
    }
}
const seconds = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
function within(promise, ms) {
    let timer;
    const late = new Promise(r => (timer = setTimeout(() => r(null), ms)));
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
async function measureModel(req) {
    const m = blank(req);
    if (req.abort?.aborted) {
        return { ...m, interrupted: true, notes: ['not started: the gate was interrupted'] };
    }
    const cwd = resolve$1(req.repoRoot, req.model.cwd ?? '.');
    const problem = await directoryProblem(cwd);
    if (problem)
        return { ...m, spawnError: `cwd "${req.model.cwd ?? '.'}" ${problem} (${cwd})` };
    try {
        await mkdir(req.resultDir, { recursive: true });
    }
    catch (err) {
        return {
            ...m,
            spawnError: `cannot create the result directory ${req.resultDir}: ${err.message}`
        };
    }
    const plan = planSamplers(req.sampler, req.gpus.length, req.capBytes);
    const notes = [...plan.notes];
    let probe = null;
    if (plan.probe) {
        try {
            // The probe writes JSON per process; at 100 ms sampling every 0.5 s is plenty.
            probe = {
                dir: probeDir(),
                capBytes: req.capBytes,
                intervalMs: Math.max(req.intervalMs, 500),
                snapshot: req.snapshot,
                limitBytes: req.limitBytes
            };
        }
        catch (err) {
            notes.push(`torch probe unavailable: ${err.message}`);
        }
    }
    let smi = null;
    if (plan.nvidiaSmi) {
        const sampler = new NvidiaSmiSampler({ gpus: req.gpus, intervalMs: req.intervalMs });
        if (await sampler.start())
            smi = sampler;
        else {
            notes.push(...sampler.outcome().notes);
            // nvidia-smi broke after the gate found it working: running blind would measure nothing.
            const runnerError = sampler.runnerFailure;
            if (runnerError)
                return {
                    ...m,
                    gpus: unmeasured(req),
                    notes: [...notes, 'not started: nvidia-smi is failing'],
                    runnerError
                };
        }
    }
    if (req.abort?.aborted) {
        await smi?.stopStreams();
        return { ...m, interrupted: true, notes: [...notes, 'not started: the gate was interrupted'] };
    }
    const env = buildRunEnv({
        base: req.env,
        model: req.model,
        resultDir: req.resultDir,
        gpus: req.gpus,
        probe
    });
    // Every process of the run inherits the token: one that escapes the process tree is still found.
    const token = `OOM_GATE_RUN_TOKEN=${randomUUID()}`;
    env.OOM_GATE_RUN_TOKEN = token.slice(token.indexOf('=') + 1);
    const cgroup = (req.hostMethod ?? 'auto') === 'auto' ? runCgroup(req, notes) : null;
    const oomKills = new OomKillCounter(cgroup);
    const started = await startCommand({
        run: req.model.run,
        cwd,
        env,
        onLine: req.onLine,
        cgroupProcs: cgroup?.procsFile ?? null,
        sink: req.sink
    });
    if (!started.ok) {
        cgroup?.remove();
        await smi?.stopStreams();
        return { ...m, spawnError: started.error, notes };
    }
    const command = started.command;
    const t0 = command.startedAt;
    const watchdog = await startWatchdog({
        groupId: command.pid,
        cgroupDir: cgroup?.dir ?? null,
        envToken: token
    });
    if (!watchdog)
        notes.push('no watchdog could be started: a gate killed by SIGKILL may leave this run running');
    const tree = new ProcessTree(command.pid, '/proc', {
        envToken: token,
        ...(cgroup ? { cgroupPids: () => cgroup.pids() } : {})
    });
    smi?.attach(tree, t0);
    const host = new HostSampler(tree, cgroup, req.hostMethod === 'rss' ? 'rss' : 'pss');
    const settle = req.settleMs !== null ? new SettleDetector(req.settleMs, req.minDurationMs) : null;
    let requestStop = () => { };
    const stopRequested = new Promise(r => (requestStop = r));
    const sample = () => {
        const elapsedMs = Date.now() - t0;
        tree.refresh();
        host.sample(elapsedMs);
        const gpu = smi?.live() ?? null;
        const progress = gpu
            ? { elapsedMs, currentBytes: gpu.currentBytes, peakBytes: gpu.peakBytes, source: gpu.source }
            : { elapsedMs, currentBytes: host.currentBytes, peakBytes: host.peakBytes, source: 'host' };
        try {
            req.onProgress?.(progress);
        }
        catch {
            // a broken progress printer must not stop the measurement
        }
        if (settle?.update({ host: host.peakBytes, gpu: gpu?.peakBytes ?? null }, elapsedMs))
            requestStop('settled');
    };
    const ticker = setInterval(sample, req.intervalMs);
    const timeoutMs = req.model.timeoutMs ?? req.timeoutMs;
    const deadline = setTimeout(() => requestStop('timeout'), timeoutMs);
    const onAbort = () => requestStop('abort');
    req.abort?.addEventListener('abort', onAbort, { once: true });
    req.hurry?.addEventListener('abort', onAbort, { once: true });
    const hurried = () => req.hurry?.aborted === true;
    let ending = 'exit';
    let stop = null;
    let exit = null;
    let smiOutcome = null;
    let kills = { kills: null, source: null };
    try {
        sample();
        ending = await Promise.race([command.exited.then(() => 'exit'), stopRequested]);
        if (ending !== 'exit') {
            sample();
            const signals = hurried()
                ? []
                : ending === 'settled'
                    ? ['SIGINT', 'SIGTERM']
                    : ['SIGTERM'];
            stop = await stopTree({
                tree,
                groupId: command.pid,
                signals,
                graceMs: req.graceMs,
                cutShort: req.hurry
            });
        }
        else {
            const gone = () => {
                tree.refresh();
                return tree.size === 0;
            };
            if (!(await waitFor(gone, LEFTOVER_WAIT_MS, 25))) {
                const left = tree.size;
                stop = await stopTree({
                    tree,
                    groupId: command.pid,
                    signals: hurried() ? [] : ['SIGTERM'],
                    graceMs: req.graceMs,
                    cutShort: req.hurry
                });
                notes.push(`${left} process(es) the command left running after it exited were stopped`);
            }
        }
        exit = await within(command.exited, AFTERMATH_MS);
        await command.drain(ending === 'exit' && !stop ? AFTERMATH_MS : 1000);
    }
    finally {
        clearInterval(ticker);
        clearTimeout(deadline);
        req.abort?.removeEventListener('abort', onAbort);
        req.hurry?.removeEventListener('abort', onAbort);
        // Whatever happened above, nothing of the run may outlive the measurement.
        tree.refresh();
        if (tree.size > 0)
            await stopTree({ tree, groupId: command.pid, signals: [], graceMs: 0 });
        if (cgroup) {
            cgroup.killAll();
            await waitFor(() => cgroup.pids().length === 0, AFTERMATH_MS, 25);
        }
        host.finish((exit?.atMs ?? Date.now()) - t0);
        kills = oomKills.end(tree.everPids());
        if (cgroup && !(await waitFor(() => cgroup.remove(), 2000, 50)))
            notes.push(`the run's memory cgroup ${cgroup.dir} could not be removed`);
        await watchdog?.release();
        await smi?.stopStreams();
    }
    if (smi) {
        smiOutcome = smi.outcome();
        notes.push(...smiOutcome.notes);
    }
    // Interrupted: no model starts after this one, so nothing waits for its GPU memory.
    if (smi && smiOutcome && !req.abort?.aborted && !hurried()) {
        const release = await waitForGpuRelease({
            ourPids: new Set(tree.everPids()),
            gpus: smi.baselines(),
            checkDevice: smiOutcome.usedDevice || !smi.rowsUsable,
            timeoutMs: req.releaseTimeoutMs,
            pollMs: Math.max(100, req.intervalMs),
            queryTimeoutMs: Math.min(10_000, Math.max(1000, req.releaseTimeoutMs))
        });
        if (!release.released) {
            notes.push(`GPU memory of the run was not released within ${seconds(req.releaseTimeoutMs)}: ${release.holding}`);
        }
        else if (release.waitedMs >= 1000) {
            notes.push(`waited ${seconds(release.waitedMs)} for the driver to release the run's GPU memory`);
        }
    }
    if (stop) {
        if (stop.escaped > 0)
            notes.push(`${stop.escaped} process(es) that had left the process group (setsid) were stopped too`);
        if (stop.sent.length > 0)
            notes.push(`stopped with ${stop.sent.join(', then ')}`);
        if (stop.survivors.length > 0) {
            notes.push(`process(es) ${stop.survivors.join(', ')} survived SIGKILL (stuck in the kernel or a driver)`);
        }
    }
    const endAt = exit?.atMs ?? Date.now();
    if (ending === 'settled' && settle) {
        notes.push(`stopped early after ${seconds(endAt - t0)}: the peak had not grown since ${seconds(settle.lastGrowthAtMs)}`);
    }
    if (ending === 'timeout')
        notes.push(`timed out after ${seconds(timeoutMs)}`);
    if (ending === 'abort')
        notes.push('interrupted: the gate was asked to stop; the peaks are what was measured until then');
    let probes = [];
    try {
        probes = await readProbeRecords(req.resultDir);
    }
    catch (err) {
        notes.push(`could not read the torch probe's records: ${err.message}`);
    }
    const torch = summarizeProbes(probes);
    const peaks = {
        nvidiaSmiBytes: smiOutcome?.nvidiaSmiBytes ?? null,
        torchReservedBytes: torch.torchReservedBytes,
        torchAllocatedBytes: torch.torchAllocatedBytes,
        hostRssBytes: host.peakBytes,
        hostMethod: host.method
    };
    if (smiOutcome?.deviceUsedDeltaBytes != null)
        peaks.deviceUsedDeltaBytes = smiOutcome.deviceUsedDeltaBytes;
    const gpuPeakKnown = smiOutcome !== null && (smiOutcome.nvidiaSmiBytes ?? smiOutcome.deviceUsedDeltaBytes) !== null;
    const joinFailed = exit?.code === CGROUP_JOIN_FAILED &&
        command.tail().some(l => l.includes("could not join the run's memory cgroup"));
    return {
        ...m,
        spawnError: joinFailed ? `could not move the command into its memory cgroup ${cgroup?.dir}` : null,
        hostMethod: host.method,
        kernelOomKills: kills.kills,
        kernelOomSource: kills.source,
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        durationMs: Math.max(0, endAt - t0),
        timedOut: ending === 'timeout',
        interrupted: ending === 'abort',
        stoppedEarly: ending === 'settled',
        peakAtMs: gpuPeakKnown ? (smiOutcome?.peakAtMs ?? null) : host.peakAtMs,
        peaks,
        gpus: smiOutcome?.gpus ?? unmeasured(req),
        logTail: command.tail(),
        probes,
        notes,
        runnerError: smiOutcome?.runnerError ?? null
    };
}
function unmeasured(req) {
    return req.gpus.map(g => ({ index: g.index, uuid: g.uuid, peakBytes: null, baselineBytes: null }));
}
/** The run's own memory cgroup, or null with a note saying why host memory is measured by PSS. */
function runCgroup(req, notes) {
    const found = ownMemoryHierarchy();
    const made = found.hierarchy
        ? RunCgroup.create(found.hierarchy, `oom-gate-${process.pid}-${++cgroupSeq}`)
        : { cgroup: null, reason: found.reason };
    // Host memory is the verdict only without GPUs: elsewhere the method is a detail of peaks.
    if (!made.cgroup && req.gpus.length === 0)
        notes.push(`host memory measured by PSS, not by a memory cgroup: ${made.reason}`);
    return made.cgroup;
}

// Everything taken from a smoke run's output (log excerpts, OOM evidence) passes through here
// before it reaches a PR comment, the job summary or results.json. Values registered with
// core.setSecret cannot be read back, so the caller collects what it knows (the token input,
// secret-looking environment values) and the log's own ::add-mask:: lines are honoured here.
const REDACTED = '***';
/** Values shorter than this are not redacted by value: masking "1" or "true" would garble every line. */
const MIN_SECRET_LENGTH = 6;
/** Words that make an environment variable's value a secret when they are a part of its name. */
const SECRET_WORDS = [
    'TOKEN',
    'TOKENS',
    'KEY',
    'KEYS',
    'SECRET',
    'SECRETS',
    'PASSWORD',
    'PASSWD',
    'PASSPHRASE',
    'CREDENTIAL',
    'CREDENTIALS',
    'PAT'
];
/** Also secret when glued to the end of a name without a separator: APIKEY, GHTOKEN. */
const SECRET_SUFFIXES = ['TOKEN', 'KEY', 'SECRET', 'PASSWORD', 'PASSWD', 'CREDENTIALS', 'CREDENTIAL'];
/** Anywhere in a name: nobody names a harmless variable MYSECRETSTUFF. */
const SECRET_INFIXES = ['SECRET', 'PASSWORD', 'CREDENTIAL'];
/**
 * Whether a variable's name says its value is secret: a part of the name (split at `_`, `-`, `.`)
 * is TOKEN, KEY, SECRET, PASSWORD, CREDENTIAL(S) or PAT, or the name ends in one of them.
 * `TOKENIZERS_PARALLELISM` and `KEYBOARD` are not secret.
 */
function isSecretName(name) {
    const upper = name.toUpperCase();
    const parts = upper.split(/[_\-.]+/);
    if (parts.some(p => SECRET_WORDS.includes(p)))
        return true;
    if (SECRET_SUFFIXES.some(s => upper.endsWith(s)))
        return true;
    return SECRET_INFIXES.some(s => upper.includes(s));
}
/**
 * The values to redact that the environment knows: every variable whose name looks secret
 * (GITHUB_TOKEN, INPUT_GITHUB-TOKEN, ACTIONS_RUNTIME_TOKEN, HF_TOKEN, AWS_SECRET_ACCESS_KEY...),
 * plus the encodings a log may show them in (base64, URL-encoding, the git credential header).
 */
function secretValuesFromEnv(env) {
    const values = new Set();
    for (const [name, value] of Object.entries(env)) {
        if (value === undefined || !isSecretName(name))
            continue;
        for (const v of withEncodings(value))
            values.add(v);
    }
    return [...values];
}
/** A value and the forms it is printed in; multi-line values (keys) also line by line. */
function withEncodings(value) {
    const trimmed = value.trim();
    if (trimmed.length < MIN_SECRET_LENGTH)
        return [];
    const out = [trimmed, Buffer.from(trimmed).toString('base64'), encodeURIComponent(trimmed)];
    // actions/checkout stores the token as `AUTHORIZATION: basic base64(x-access-token:TOKEN)`.
    out.push(Buffer.from(`x-access-token:${trimmed}`).toString('base64'));
    if (/\r?\n/.test(trimmed)) {
        out.push(...trimmed
            .split(/\r?\n/)
            .map(l => l.trim())
            .filter(l => l.length >= MIN_SECRET_LENGTH));
    }
    return out.filter(v => v.length >= MIN_SECRET_LENGTH);
}
/** Values the log itself asked the runner to mask (`::add-mask::VALUE`). */
function masksFromLog(text) {
    return Array.from(text.matchAll(/::add-mask::([^\r\n]*)/g), m => m[1].trim()).filter(v => v.length >= MIN_SECRET_LENGTH);
}
const whole = () => REDACTED;
/**
 * Well-known credential shapes. Each is anchored so ordinary log text (sk-learn, loss values,
 * commit shas, tokenizer settings) does not match; the tests hold one positive and the
 * negatives per shape.
 */
const SECRET_SHAPES = [
    {
        name: 'private key block',
        // Also a block whose END was cut off by the log tail: everything after BEGIN goes.
        pattern: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY\2-----|$)/g,
        replace: whole
    },
    {
        name: 'private key tail',
        // A tail that starts inside a key: the base64 lines right before its END line.
        pattern: /(?:^[ \t]*[A-Za-z0-9+/=]{16,}[ \t]*\r?\n)*[ \t]*-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/gm,
        replace: whole
    },
    {
        name: 'authorization header',
        pattern: /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|digest|bot|negotiate)\s+)?([^\s"',;]+)/gi,
        replace: (_m, prefix, scheme) => `${prefix}${scheme ? `${scheme} ` : ''}${REDACTED}`
    },
    {
        name: 'URL credentials',
        pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:'"<>]+:[^\s/?#@'"<>]*|[^\s/?#@:'"<>]{16,})@/gi,
        replace: (_m, scheme) => `${scheme}${REDACTED}@`
    },
    { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,255}\b/g, replace: whole },
    { name: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{30,255}\b/g, replace: whole },
    {
        name: 'AWS access key id',
        pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA)[A-Z0-9]{16}\b/g,
        replace: whole
    },
    {
        name: 'AWS secret access key',
        pattern: /\b(aws_?secret_?access_?key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
        replace: (_m, prefix) => `${prefix}${REDACTED}`
    },
    { name: 'Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{30,}\b/g, replace: whole },
    // sk-learn, sk-image and the like are short and have no digits; keys are long and random.
    { name: 'OpenAI key', pattern: /\bsk-(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{32,}/g, replace: whole },
    { name: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: whole },
    {
        name: 'JSON web token',
        pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
        replace: whole
    },
    { name: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, replace: whole },
    { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, replace: whole },
    {
        name: 'secret assignment',
        // `HF_TOKEN=...` or `export WANDB_API_KEY="..."` printed by a script (`env`, `set -x`).
        pattern: /\b([A-Z][A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)\s*=\s*["']?)([^\s"']{6,})/g,
        replace: (_m, prefix) => `${prefix}${REDACTED}`
    }
];
/**
 * `text` with every known secret value (longest first, so a value inside another goes with it),
 * every `::add-mask::` value the text itself announces, and every well-known shape replaced by `***`.
 */
function redactSecrets(text, secrets) {
    const values = [...new Set([...secrets.map(s => s.trim()), ...masksFromLog(text)])]
        .filter(v => v.length >= MIN_SECRET_LENGTH)
        .sort((a, b) => b.length - a.length);
    let out = text;
    for (const value of values)
        out = out.split(value).join(REDACTED);
    for (const shape of SECRET_SHAPES) {
        // Capture groups come first in `rest`; a group that did not take part is undefined.
        out = out.replace(shape.pattern, (match, ...rest) => shape.replace(match, ...rest.map(g => (typeof g === 'string' ? g : ''))));
    }
    return out;
}

/** A file inside the torch package (installed, or a source checkout's torch/). */
const TORCH_FILE = /(^|[\\/])torch[\\/]/;
const PACKAGE_ROOT = /^.*[\\/](?:site-packages|dist-packages)[\\/]/;
/** Site of a block whose allocation was recorded with no Python frame at all. */
const NO_PYTHON_FRAMES = '(no Python frames: autograd engine thread or C++)';
/** Site of a block allocated before the recorded history starts. */
const BEFORE_HISTORY = '(allocated before the recorded history)';
function isPython(frame) {
    return frame.filename.endsWith('.py');
}
function isTorch(frame) {
    return TORCH_FILE.test(frame.filename);
}
function inTorch(frame, path, names) {
    const file = frame.filename.replaceAll('\\', '/');
    const at = file.lastIndexOf('/torch/');
    const rel = at >= 0 ? file.slice(at + '/torch/'.length) : file.startsWith('torch/') ? file.slice(6) : null;
    if (rel === null || !rel.startsWith(path))
        return false;
    return names === undefined || names.includes(frame.name);
}
/**
 * `file:line (function)` of the innermost Python frame outside torch, with site-packages and the
 * given prefixes (the repository root) cut off; the innermost torch frame where no user frame
 * was recorded; NO_PYTHON_FRAMES without any Python frame.
 */
function allocationSite(frames, stripPrefixes = []) {
    const python = frames.filter(isPython);
    const frame = python.find(f => !isTorch(f)) ?? python[0];
    if (frame === undefined)
        return NO_PYTHON_FRAMES;
    let file = frame.filename;
    const prefix = stripPrefixes.find(p => p !== '' && file.startsWith(p.endsWith('/') ? p : `${p}/`));
    if (prefix !== undefined)
        file = file.slice(prefix.length).replace(/^[\\/]/, '');
    else
        file = file.replace(PACKAGE_ROOT, '');
    return `${file}:${frame.line}${frame.name ? ` (${frame.name})` : ''}`;
}
const TO_DEVICE = ['_apply', 'to', 'cuda', 'half', 'float', 'bfloat16', 'double', 'type', 'to_empty'];
const LOADING = ['load_state_dict', '_load_from_state_dict'];
const FORWARD = ['_call_impl', '_wrapped_call_impl', '__call__', 'forward'];
/**
 * What a block holds, judged from torch's own frames on its allocation stack:
 * - optimizer: allocated inside torch/optim (state such as Adam's exp_avg, and step temporaries);
 * - gradients: allocated in backward, or with no Python frame at all: the autograd engine runs
 *   backward on its own device threads, which carry no Python stack ("Things allocated during the
 *   backward pass have no stack frames because they are run on another C++ thread",
 *   https://github.com/pytorch/pytorch/pull/82146): parameter .grad and backward temporaries;
 * - parameters: moving or loading a module (Module._apply/.to/.cuda, load_state_dict,
 *   torch.load, nn.Parameter, nn.init, a module's __init__ on the device);
 * - activations: inside a module's forward (Module.__call__, torch.nn.functional, checkpoint);
 * - other: anything else (inputs, user tensors, workspaces allocated from Python).
 */
function categoryOf(frames) {
    const python = frames.filter(isPython);
    if (python.length === 0)
        return 'gradients';
    if (python.some(f => inTorch(f, 'optim/')))
        return 'optimizer';
    if (python.some(f => inTorch(f, 'autograd/__init__.py', ['backward', 'grad']) ||
        inTorch(f, 'autograd/graph.py', ['_engine_run_backward']) ||
        inTorch(f, '_tensor.py', ['backward'])))
        return 'gradients';
    if (python.some(f => inTorch(f, 'nn/modules/module.py', [...TO_DEVICE, ...LOADING]) ||
        inTorch(f, 'nn/parameter.py') ||
        inTorch(f, 'nn/init.py') ||
        inTorch(f, 'serialization.py') ||
        (inTorch(f, 'nn/modules/') && (f.name === '__init__' || f.name === 'reset_parameters'))))
        return 'parameters';
    if (python.some(f => inTorch(f, 'nn/modules/module.py', FORWARD) ||
        inTorch(f, 'nn/functional.py') ||
        inTorch(f, 'utils/checkpoint.py')))
        return 'activations';
    return 'other';
}

// The shape of torch.cuda.memory._snapshot() as the probe writes it to JSON, for each torch layout:
//  - torch 1.13: a list of segments; each block keeps `history`, newest first, of
//    {addr, real_size, frames} (https://zdevito.github.io/2022/08/16/memory-snapshots.html).
//  - torch 2.0: {segments, device_traces}; blocks still keep `history`; device_traces holds, per
//    device, the last trace_alloc_max_entries allocator events {action, addr, size, stream, frames}
//    in time order (https://zdevito.github.io/2022/12/09/memory-traces.html).
//  - torch 2.1+: blocks carry `address`, `requested_size` and `frames` instead of `history`
//    (the Snapshot/Segment/Block/TraceEntry TypedDicts in torch/cuda/memory.py, _snapshot()).
// Frames are innermost first. Unknown keys are ignored, so later additions parse too.
const FrameSchema = object({
    filename: string().default(''),
    line: number().default(0),
    name: string().default('')
});
const frames = array(FrameSchema).nullable().optional();
const BlockSchema = object({
    address: number().optional(),
    size: number().nonnegative(),
    requested_size: number().optional(),
    state: string(),
    frames,
    history: array(object({ addr: number().optional(), real_size: number().optional(), frames }))
        .nullable()
        .optional()
});
const SegmentSchema = object({
    device: number().int().nonnegative().default(0),
    address: number(),
    total_size: number().nonnegative(),
    blocks: array(BlockSchema).default([])
});
const TraceEntrySchema = object({
    action: string(),
    addr: number().optional(),
    size: number().nonnegative().default(0),
    frames,
    device_free: number().optional()
});
/** torch 1.13: the segments alone. */
const LegacySnapshotSchema = array(SegmentSchema);
/** torch 2.x. */
const SnapshotObjectSchema = object({
    segments: array(SegmentSchema),
    device_traces: array(array(TraceEntrySchema)).default([])
});
/** Validates raw snapshot JSON; the error names the first path that does not fit. */
function parseSnapshot(raw) {
    // One layout or the other by the top-level type, so that an error names the field that is wrong.
    const parsed = Array.isArray(raw)
        ? LegacySnapshotSchema.safeParse(raw)
        : SnapshotObjectSchema.safeParse(raw);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the top level';
        return { ok: false, error: `not a torch memory snapshot at ${where}: ${issue?.message ?? 'invalid'}` };
    }
    const data = parsed.data;
    if (Array.isArray(data))
        return { ok: true, snapshot: { format: 'torch-1.13', segments: data, traces: [] } };
    const blocks = data.segments.flatMap(s => s.blocks);
    const legacy = blocks.some(b => b.history != null) && !blocks.some(b => b.frames != null || b.address != null);
    return {
        ok: true,
        snapshot: {
            format: legacy ? 'torch-2.0' : 'torch-2.1',
            segments: data.segments,
            traces: data.device_traces
        }
    };
}

// Where the peak came from: replays a torch memory snapshot's allocator trace back to the moment
// the most memory was allocated (or to the OOM) and sums the blocks alive then by allocation site.
// Pure: raw snapshot JSON in, summary out.
/** Block states that hold memory a tensor still uses (2.x names "active_pending_free"; its docs say "active_awaiting_free"). */
const ALIVE = new Set(['active_allocated', 'active_pending_free', 'active_awaiting_free']);
const FREE_ACTIONS = new Set(['free_completed', 'free']);
/** The frames a 1.13/2.0 block keeps in `history` (newest first) for its current allocation. */
function blockFrames(block, address) {
    if (block.frames != null)
        return block.frames;
    const history = block.history ?? [];
    const current = history.find(h => h.addr === address) ?? history[0];
    return current?.frames ?? [];
}
function aliveAtEnd(snapshot, device) {
    const alive = new Map();
    for (const segment of snapshot.segments) {
        if (segment.device !== device)
            continue;
        let address = segment.address;
        for (const block of segment.blocks) {
            // 1.13/2.0 blocks have no address: they tile their segment in order.
            const at = block.address ?? address;
            address = at + block.size;
            if (ALIVE.has(block.state))
                alive.set(at, { size: block.size, frames: blockFrames(block, at) });
        }
    }
    return alive;
}
function reservedAtEnd(snapshot, device) {
    return snapshot.segments.filter(s => s.device === device).reduce((sum, s) => sum + s.total_size, 0);
}
/** Change of allocated bytes an event made (alloc +, free -). */
function allocatedDelta(e) {
    if (e.action === 'alloc')
        return e.size;
    if (FREE_ACTIONS.has(e.action))
        return -e.size;
    return 0;
}
/** Change of reserved bytes an event made (segment_alloc/map +, segment_free/unmap -). */
function reservedDelta(e) {
    if (e.action === 'segment_alloc' || e.action === 'segment_map')
        return e.size;
    if (e.action === 'segment_free' || e.action === 'segment_unmap')
        return -e.size;
    return 0;
}
function summarizeDevice(snapshot, device) {
    const trace = snapshot.traces[device] ?? [];
    const alive = aliveAtEnd(snapshot, device);
    const endAllocated = [...alive.values()].reduce((sum, b) => sum + b.size, 0);
    let reserved = reservedAtEnd(snapshot, device);
    if (trace.length === 0) {
        return {
            device,
            moment: 'snapshot',
            allocatedBytes: endAllocated,
            reservedBytes: reserved,
            oomRequestBytes: null,
            traceEvents: 0,
            maxReplayedBytes: endAllocated,
            alive
        };
    }
    // Allocated bytes after each event, replayed backwards from the state at the snapshot.
    const after = new Array(trace.length);
    let total = endAllocated;
    for (let i = trace.length - 1; i >= 0; i--) {
        after[i] = total;
        total -= allocatedDelta(trace[i]);
    }
    const before0 = total;
    // The moment: just before the last OOM (what was alive when it failed), else the latest maximum.
    let lastOom = -1;
    for (let i = trace.length - 1; i >= 0 && lastOom < 0; i--)
        if (trace[i].action === 'oom')
            lastOom = i;
    let maxReplayed = before0;
    let peakAfter = -1; // -1: the state before the first recorded event
    for (let i = 0; i < trace.length; i++) {
        if (after[i] >= maxReplayed) {
            maxReplayed = after[i];
            peakAfter = i;
        }
    }
    const momentAfter = lastOom >= 0 ? lastOom - 1 : peakAfter;
    // Undo the events after the moment. A block freed after it gets the frames of its recorded alloc.
    const allocFrames = new Map();
    const framesOfFree = new Array(trace.length).fill(null);
    for (let i = 0; i < trace.length; i++) {
        const e = trace[i];
        if (e.addr === undefined)
            continue;
        if (e.action === 'alloc')
            allocFrames.set(e.addr, e.frames ?? []);
        else if (FREE_ACTIONS.has(e.action)) {
            framesOfFree[i] = allocFrames.get(e.addr) ?? null;
            allocFrames.delete(e.addr);
        }
    }
    for (let i = trace.length - 1; i > momentAfter; i--) {
        const e = trace[i];
        reserved -= reservedDelta(e);
        if (e.addr === undefined)
            continue;
        if (e.action === 'alloc')
            alive.delete(e.addr);
        else if (FREE_ACTIONS.has(e.action))
            alive.set(e.addr, { size: e.size, frames: framesOfFree[i] ?? null });
    }
    const allocatedBytes = momentAfter >= 0 ? after[momentAfter] : before0;
    return {
        device,
        moment: lastOom >= 0 ? 'oom' : 'peak',
        allocatedBytes,
        reservedBytes: reserved,
        oomRequestBytes: lastOom >= 0 ? trace[lastOom].size : null,
        traceEvents: trace.length,
        maxReplayedBytes: maxReplayed,
        alive
    };
}
/**
 * Summarises a snapshot at its peak: the device with the most memory allocated at its moment,
 * the bytes alive then per category and per user-code allocation site (largest first).
 * Sizes are allocator block sizes (rounded as torch's allocated_bytes counts them), in bytes.
 * Errors: `{ok: false}` with a one-line reason when `raw` is not a snapshot of a known layout.
 */
function summarizeSnapshot(raw, options = {}) {
    const parsed = parseSnapshot(raw);
    if (!parsed.ok)
        return parsed;
    const snapshot = parsed.snapshot;
    const devices = new Set(snapshot.segments.map(s => s.device));
    snapshot.traces.forEach((trace, i) => {
        if (trace.length > 0)
            devices.add(i);
    });
    if (devices.size === 0)
        devices.add(0);
    const chosen = [...devices]
        .sort((a, b) => a - b)
        .map(d => summarizeDevice(snapshot, d))
        .reduce((a, b) => (b.allocatedBytes > a.allocatedBytes ? b : a));
    const categories = Object.fromEntries(SNAPSHOT_CATEGORIES.map(c => [c, 0]));
    const sites = new Map();
    for (const block of chosen.alive.values()) {
        const site = block.frames === null ? BEFORE_HISTORY : allocationSite(block.frames, options.stripPrefixes);
        const category = block.frames === null ? 'other' : categoryOf(block.frames);
        categories[category] += block.size;
        const key = `${category}\u0000${site}`;
        const entry = sites.get(key) ?? { site, category, bytes: 0, blocks: 0 };
        entry.bytes += block.size;
        entry.blocks += 1;
        sites.set(key, entry);
    }
    const top = [...sites.values()]
        .sort((a, b) => b.bytes - a.bytes || a.site.localeCompare(b.site))
        .slice(0, options.topSites ?? 10);
    const hint = options.peakAllocatedBytes ?? null;
    return {
        ok: true,
        summary: {
            format: snapshot.format,
            device: chosen.device,
            moment: chosen.moment,
            allocatedBytes: chosen.allocatedBytes,
            // Exact: events after the moment are all in the trace (it is cut at its start, not its end).
            reservedBytes: chosen.reservedBytes,
            oomRequestBytes: chosen.oomRequestBytes,
            traceEvents: chosen.traceEvents,
            coversPeak: hint === null || hint <= 0 ? null : chosen.maxReplayedBytes >= hint,
            categories,
            sites: top
        }
    };
}

// The memory snapshot a torch probe record names (measure.snapshot), read from the model's result
// directory and summarised at its peak by the pure summarizer (judge/snapshot/): snapshotSummary on
// the record, or snapshotProblem saying why it could not be. Pipeline level: measure/ reads the
// records, judging reads the summaries, and the file reading stays at this edge.
/** Snapshot JSON larger than this is left to memory_viz: parsing it would hold the gate's memory. */
const MAX_SNAPSHOT_JSON_BYTES = 512 * 2 ** 20;
/**
 * `probes` with each named snapshot summarised (paths are relative to `resultDir`; one outside it
 * is not followed). Never throws: a snapshot that cannot be read or parsed becomes snapshotProblem.
 * The probe's `cwd` is used to shorten file names and then dropped.
 */
async function summarizeProbeSnapshots(probes, resultDir, options = {}) {
    return Promise.all(probes.map(p => withSnapshotSummary(p, resultDir, options)));
}
async function withSnapshotSummary(probe, resultDir, options) {
    const { cwd, ...record } = probe;
    const ref = record.snapshot;
    if (!ref)
        return record;
    const inside = (rel) => {
        const path = normalize(join(resultDir, rel));
        return path.startsWith(normalize(resultDir) + sep) ? path : null;
    };
    const jsonPath = inside(ref.json);
    if (jsonPath === null || inside(ref.pickle) === null) {
        return {
            ...record,
            snapshotSummary: null,
            snapshotProblem: `snapshot path outside the result directory: ${ref.json}`
        };
    }
    const shown = options.artifactDir ?? `runs/${basename(resultDir)}`;
    try {
        const size = (await stat(jsonPath)).size;
        if (size > MAX_SNAPSHOT_JSON_BYTES) {
            return {
                ...record,
                snapshotSummary: null,
                snapshotProblem: `${ref.json} is ${Math.round(size / 2 ** 20)} MiB, too large to summarise here; open ${ref.pickle} at pytorch.org/memory_viz`
            };
        }
        const result = summarizeSnapshot(JSON.parse(await readFile(jsonPath, 'utf8')), {
            peakAllocatedBytes: ref.peakAllocatedBytes,
            stripPrefixes: cwd ? [cwd] : []
        });
        if (!result.ok)
            return { ...record, snapshotSummary: null, snapshotProblem: `${ref.json}: ${result.error}` };
        return {
            ...record,
            snapshotSummary: {
                ...result.summary,
                files: [`${shown}/${ref.pickle}`, `${shown}/${ref.json}`],
                reason: ref.reason
            },
            snapshotProblem: null
        };
    }
    catch (err) {
        return { ...record, snapshotSummary: null, snapshotProblem: `${ref.json}: ${err.message}` };
    }
}

// One model from command to verdict: measure it (measure.repeat times), judge each run, keep
// the worst, attach advice. The log is redacted here, before it can reach any report.
// Pipeline level: it joins measure/ (the edge) with judge/, advise/ and report/ (pure), so that
// measure/ itself never depends on verdicts.
/** runModels' per-model hooks for this context: measure and judge, not-placed results, verdict lines. */
function judgedRuns(ctx) {
    const { measure } = ctx.config;
    return {
        gpuPolicy: {
            explicit: measure.gpus !== null,
            idleBytes: measure.gpuIdleBytes,
            waitMs: measure.gpuWaitMs
        },
        measure: (model, gpus, io) => measureAndJudge(model, gpus, { ...ctx, ...io }),
        notPlaced: (model, reason) => notRun(model, 'failed', reason),
        describe: result => verdictLine(result, ctx.target)
    };
}
async function measureAndJudge(model, gpus, ctx) {
    const { config, target } = ctx;
    const judged = [];
    for (let i = 0; i < config.measure.repeat; i++) {
        let trainingLog = null;
        const resultDir = resolve$1(ctx.outDir, 'runs', config.measure.repeat > 1 ? `${model.name}.${i + 1}` : model.name);
        const measurement = await measureModel({
            model,
            gpus: target.measures === 'gpu' ? gpus : [],
            resultDir,
            repoRoot: ctx.repoRoot,
            env: ctx.env,
            sampler: target.measures === 'host' ? 'host' : config.measure.sampler,
            intervalMs: config.measure.intervalMs,
            timeoutMs: model.timeoutMs ?? config.measure.timeoutMs,
            graceMs: config.measure.graceMs,
            releaseTimeoutMs: config.measure.releaseTimeoutMs,
            capBytes: target.capBytes,
            snapshot: config.measure.snapshot,
            limitBytes: target.limitBytes,
            settleMs: config.measure.settleMs,
            minDurationMs: config.measure.minDurationMs,
            abort: ctx.abort,
            hurry: ctx.hurry,
            onLine: line => {
                // A value masked with ::add-mask:: is secret from that line on, in the log tail too.
                ctx.secrets.push(...masksFromLog(line));
                trainingLog = addTrainingLogLine(trainingLog, line);
                (ctx.output ?? ctx.log)(`  ${model.name} | ${redactSecrets(line, ctx.secrets)}`);
            },
            onProgress: throttledProgress(model.name, ctx)
        });
        measurement.logTail = measurement.logTail.map(line => redactSecrets(line, ctx.secrets));
        measurement.probes = await summarizeProbeSnapshots(measurement.probes, resultDir);
        judged.push({ result: { ...judgeModel(model, measurement, target), trainingLog }, measurement });
        if (!finished(judged.at(-1).result))
            break;
    }
    // A failing repetition decides; otherwise the highest peak does (the gate protects the worst case).
    const chosen = judged.find(j => !finished(j.result)) ??
        judged.reduce((a, b) => ((b.result.peakBytes ?? -1) > (a.result.peakBytes ?? -1) ? b : a));
    let result = {
        ...chosen.result,
        measuredOn: { host: hostname(), gpuName: gpus[0]?.name ?? null, runner: ctx.runnerName }
    };
    if (judged.length > 1) {
        const peaks = judged.map(j => j.result.peakBytes).filter((p) => p !== null);
        const spread = peaks.length > 0 ? Math.max(...peaks) - Math.min(...peaks) : 0;
        result = { ...result, repeats: { peaksBytes: peaks, spreadBytes: spread } };
    }
    result = adviseModel(result, model, target.limitBytes);
    const torchVersion = judged.flatMap(j => j.measurement.probes.map(p => p.torchVersion)).find(v => v) ?? null;
    return { result, torchVersion };
}
function finished(result) {
    return result.status === 'ok' || result.status === 'at-risk';
}
function throttledProgress(name, ctx) {
    const every = ctx.progressEveryMs ?? 5000;
    let last = 0;
    return s => {
        if (s.elapsedMs - last < every)
            return;
        last = s.elapsedMs;
        ctx.log(`  ${name}: ${formatDuration(s.elapsedMs)}, now ${formatBytes$1(s.currentBytes)}, peak ${formatBytes$1(s.peakBytes)}`);
    };
}
function verdictLine(m, target) {
    const icon = m.status === 'ok' ? '✔' : m.status === 'at-risk' ? '⚠' : '✖';
    const share = m.peakBytes != null
        ? ` (${((m.peakBytes / target.memoryBytes) * 100).toFixed(0)}% of ${formatBytes$1(target.memoryBytes)})`
        : '';
    const why = m.reason ? `: ${m.reason}` : m.oom ? `: ${m.oom.kind}` : '';
    return `${icon} ${m.name}: ${m.status}${why}, peak ${formatBytes$1(m.peakBytes)}${share}, limit ${formatBytes$1(target.limitBytes)}, ${formatDuration(m.durationMs ?? null)}`;
}

// The card the configs must fit, and how this runner stands in for it.
/** PyTorch cannot allocate what the CUDA context and workspaces occupy (DESIGN.md: 0.3 to 2 GiB). */
const CONTEXT_RESERVE_BYTES = 512 * 2 ** 20;
function resolveTarget(config, gpus, hostMemoryBytes, mode) {
    const notes = [];
    const configured = config.gpu.memory;
    if (mode === 'estimate') {
        if (configured === 'runner') {
            throw new UsageError([
                `${config.path}: gpu.memory: "runner" means the runner's own card, and estimates run without one; write the target card's memory, e.g. 80GiB`
            ]);
        }
        return target(configured, 'gpu', null, false, notes);
    }
    const measures = gpus.length > 0 && config.measure.sampler !== 'host' ? 'gpu' : 'host';
    if (measures === 'host') {
        const memory = configured === 'runner' ? hostMemoryBytes : configured;
        return target(memory, 'host', null, false, notes);
    }
    const card = Math.min(...gpus.map(g => g.memoryTotalBytes ?? Infinity));
    if (configured === 'runner') {
        if (!Number.isFinite(card)) {
            throw new UsageError([
                `${config.path}: gpu.memory: runner, but nvidia-smi does not report this card's memory; write the target card's memory, e.g. 80GiB`
            ]);
        }
        return target(card, 'gpu', null, false, notes);
    }
    if (Number.isFinite(card) && configured < card) {
        const cap = Math.max(0, configured - CONTEXT_RESERVE_BYTES);
        notes.push(`the runner’s card has ${formatBytes$1(card)}; PyTorch was capped at ${formatBytes$1(cap)} per process so that runs fail where a ${formatBytes$1(configured)} card would`);
        return target(configured, 'gpu', cap, true, notes);
    }
    if (Number.isFinite(card) && configured > card) {
        notes.push(`the runner’s card (${formatBytes$1(card)}) is smaller than the target (${formatBytes$1(configured)}): a run that runs out of memory here might still fit the target`);
    }
    return target(configured, 'gpu', null, false, notes);
    function target(memory, m, cap, emulated, n) {
        const known = gpus.map(g => g.memoryTotalBytes).filter((b) => b !== null);
        return {
            memoryBytes: memory,
            limitBytes: limitBytes(memory, config.gpu.headroom),
            measures: m,
            capBytes: cap,
            emulated,
            notes: n,
            cardBytes: m === 'gpu' && known.length > 0 ? Math.min(...known) : null,
            mig: m === 'gpu' && gpus.some(g => g.mig === true)
        };
    }
}

// Which models of the config this run measures: all, or those matching --model / `models:`
// (names or globs). A filter that matches nothing is a usage error, not a silent pass.
function selectModels(models, filters, flag = '--model') {
    const patterns = filters.flatMap(f => f.split(/[\s,]+/)).filter(p => p !== '');
    if (patterns.length === 0)
        return { selected: [...models], filteredOut: [] };
    const problems = [];
    const matchers = patterns.map(p => ({ pattern: p, test: picomatch(p) }));
    for (const { pattern, test } of matchers) {
        if (!models.some(m => test(m.name))) {
            problems.push(`${flag} ${pattern}: matches no model; the config has ${models.map(m => m.name).join(', ')}`);
        }
    }
    if (problems.length > 0)
        throw new UsageError(problems);
    const selected = models.filter(m => matchers.some(({ test }) => test(m.name)));
    return { selected, filteredOut: models.filter(m => !selected.includes(m)) };
}

// The one pipeline both entry points call: config -> plan -> measure -> judge -> report.
// GitHub (publishing, history) stays with the caller, which may plug in through `hooks`;
// this writes results.json after every model and report.md at the end.
async function runPipeline(opts) {
    const config = loadConfig(opts.configPath);
    const { selected, filteredOut } = selectModels(config.models, opts.modelFilters);
    const mode = opts.estimateOnly ? 'estimate' : 'measure';
    const discovered = mode === 'measure' && config.measure.sampler !== 'host' ? await discoverGpus() : null;
    // Contract 6: a broken nvidia-smi measures nothing; a missing one judges host memory only if asked.
    const runner = checkRunner(config, discovered);
    const allowed = runner.runnerError ? [] : usableGpus(discovered?.gpus ?? [], config);
    const target = runner.runnerError
        ? brokenRunnerTarget(config)
        : resolveTarget(config, allowed, totalmem(), mode);
    if (mode === 'measure' && !runner.runnerError)
        checkGpuCounts(config, selected, allowed, target);
    const notes = [...(discovered?.notes ?? []), ...runner.notes, ...target.notes];
    const reuse = mode === 'measure' && opts.hooks?.reuse
        ? await opts.hooks.reuse({ config, target, models: selected })
        : null;
    if (reuse?.note)
        notes.push(reuse.note);
    const reused = reuse?.reused ?? [];
    const toRun = selected.filter(m => !reused.some(r => r.name === m.name));
    const state = {
        schemaVersion: 1,
        gate: 'fail',
        commit: opts.commit,
        gpu: {
            name: allowed[0]?.name ?? null,
            memoryBytes: allowed[0]?.memoryTotalBytes ?? null,
            driver: allowed[0]?.driver ?? discovered?.driver ?? null
        },
        target: {
            memoryBytes: target.memoryBytes,
            limitBytes: target.limitBytes,
            emulated: target.emulated,
            measures: target.measures
        },
        models: [],
        mode,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        complete: false,
        gpus: discovered?.gpus ?? [],
        runner: {
            host: hostname(),
            name: opts.runnerName,
            torchVersion: null,
            sampler: mode === 'estimate' ? 'estimate' : target.measures === 'host' ? 'host' : config.measure.sampler
        },
        regressionThreshold: config.regression.threshold,
        notes,
        runnerError: runner.runnerError
    };
    const done = [
        ...reused,
        ...filteredOut.map(m => notRun(m, 'skipped', 'filtered out by the model filter'))
    ];
    // In config order, whatever order the models finished in.
    const snapshot = () => ({
        ...state,
        models: config.models.flatMap(m => done.filter(r => r.name === m.name))
    });
    const save = () => writeResults(opts.outDir, snapshot());
    save();
    try {
        if (runner.runnerError) {
            const runnerError = runner.runnerError;
            opts.log(`oom-gate: ${describeRunnerError(runnerError)}`);
            for (const model of toRun)
                done.push({ ...notRun(model, 'failed', describeRunnerError(runnerError)), runnerError });
        }
        else if (mode === 'estimate') {
            for (const model of toRun)
                done.push(adviseModel(judgeEstimate(model, target), model, target.limitBytes));
        }
        else {
            await runModels(toRun, {
                ...judgedRuns({
                    config,
                    target,
                    outDir: opts.outDir,
                    repoRoot: opts.repoRoot,
                    env: opts.env,
                    secrets: opts.secrets,
                    runnerName: opts.runnerName,
                    log: opts.log,
                    progressEveryMs: opts.progressEveryMs
                }),
                target,
                gpus: allowed,
                log: opts.log,
                abort: opts.abort,
                hurry: opts.hurry,
                logGroups: opts.logGroups,
                expectedDurationMs: opts.hooks?.expectedDurationMs,
                onRunnerError: runnerError => {
                    state.runnerError ??= runnerError;
                    save();
                },
                onNote: note => {
                    notes.push(note);
                    save();
                },
                onResult: ({ result, torchVersion }) => {
                    if (state.runner && !state.runner.torchVersion)
                        state.runner.torchVersion = torchVersion;
                    done.push(result);
                    save();
                },
                onNotStarted: model => {
                    // Not measured is not a pass (contract 6): an interrupted gate fails, even between models.
                    done.push({ ...notRun(model, 'failed', 'not run: the gate was interrupted'), interrupted: true });
                    save();
                }
            });
        }
    }
    finally {
        // Also when measuring crashed: what was measured so far stays on disk (complete: false).
        save();
    }
    let results = ResultsSchema.parse({ ...snapshot(), finishedAt: new Date().toISOString(), complete: true });
    if (opts.hooks?.compare)
        results = opts.hooks.compare(results, config);
    results = writeResults(opts.outDir, { ...results, gate: gateOf(results.models) });
    const reportMarkdown = renderReport(results);
    writeReport(opts.outDir, reportMarkdown);
    return { results, reportMarkdown, config };
}
function usableGpus(gpus, config) {
    const wanted = config.measure.gpus;
    if (wanted === null)
        return gpus;
    const missing = wanted.filter(i => !gpus.some(g => g.index === i));
    if (gpus.length > 0 && missing.length > 0) {
        throw new UsageError([
            `${config.path}: measure.gpus: GPU ${missing.join(', ')} not found on this runner; it has ${gpus.map(g => g.index).join(', ')}`
        ]);
    }
    return gpus.filter(g => wanted.includes(g.index));
}
function checkGpuCounts(config, models, allowed, target) {
    if (target.measures !== 'gpu')
        return;
    const problems = models
        .filter(m => m.gpus > allowed.length)
        .map(m => {
        const i = config.models.indexOf(m);
        return `${config.path}: models[${i}].gpus: ${m.name} needs ${m.gpus} GPUs and this runner offers ${allowed.length}; lower gpus or use a bigger runner`;
    });
    if (problems.length > 0)
        throw new UsageError(problems);
}

/** The commit being measured: GITHUB_SHA in Actions, else the checkout's HEAD, else unknown. */
function gitHead(cwd, env = process.env) {
    try {
        return execFileSync('git', ['rev-parse', 'HEAD'], {
            cwd,
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore']
        }).trim();
    }
    catch {
        return env.GITHUB_SHA ?? null;
    }
}

// `oom-gate run`: measure and judge every model of the config (or a filtered subset).
const RUN_USAGE = `Usage: oom-gate run [--config PATH] [--model NAME]... [--out DIR] [--estimate-only]

Runs each model's smoke command, measures its peak memory, judges it against the target card,
and writes DIR/results.json and DIR/report.md (default DIR: oom-gate-out).
  --config PATH     config file (default ${DEFAULT_CONFIG_PATH})
  --model NAME      only this model; a name or glob, repeatable
  --out DIR         output directory (default oom-gate-out)
  --estimate-only   judge each model from its estimate: block, run nothing (no GPU needed)
Exit codes: 0 gate passed, 1 gate failed (also when the runner's nvidia-smi is broken), 2 usage or
config error, 3 internal error.`;
async function runCommand(argv, io) {
    const { values } = parseFlags('run', argv, {
        config: { type: 'string', default: DEFAULT_CONFIG_PATH },
        model: { type: 'string', multiple: true, default: [] },
        out: { type: 'string', default: 'oom-gate-out' },
        'estimate-only': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
    });
    if (values.help) {
        io.out(RUN_USAGE);
        return 0;
    }
    checkOutDir(values.out);
    const cwd = process.cwd();
    const { results } = await runPipeline({
        configPath: values.config,
        modelFilters: values.model,
        outDir: values.out,
        estimateOnly: values['estimate-only'],
        repoRoot: cwd,
        env: process.env,
        secrets: secretValuesFromEnv(process.env),
        commit: gitHead(cwd),
        runnerName: process.env.RUNNER_NAME ?? null,
        log: io.out,
        abort: io.abort,
        hurry: io.hurry
    });
    io.out(`oom-gate: gate ${results.gate === 'pass' ? 'passed' : 'FAILED'}; wrote ${values.out}/results.json and ${values.out}/report.md`);
    return results.gate === 'pass' ? 0 : 1;
}

// The oom-gate CLI: the same pipeline as the action (contract 4 in DESIGN.md).
const USAGE = `Usage: oom-gate <command> [options]

Commands:
  run        measure and judge each model of the config        (oom-gate run --help)
  report     merge the results of several runs (matrix jobs)    (oom-gate report --help)
  explain    classify a training log: GPU OOM, host OOM or not  (oom-gate explain LOGFILE [--json])
  estimate   estimate peak training memory without a GPU        (oom-gate estimate --help)

Exit codes: 0 gate passed, 1 gate failed, 2 usage or config error, 3 internal error.`;
async function main(argv) {
    const [command, ...rest] = argv;
    const out = (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    const interrupt = interruptOnSignals(message => process.stderr.write(`${message}\n`));
    try {
        switch (command) {
            case 'run':
                return await runCommand(rest, { out, abort: interrupt.signal, hurry: interrupt.hurry });
            case 'report':
                return await reportCommand(rest, { out });
            case 'explain':
                return explainCommand(rest, out);
            case 'estimate':
                return estimateCommand(rest, out);
            case undefined:
            case 'help':
            case '--help':
            case '-h':
                out(USAGE);
                return command === undefined ? 2 : 0;
            case '--version':
            case '-v':
                out(packageJson.version);
                return 0;
            default:
                throw new UsageError([`oom-gate: unknown command "${command}"; use run, report, explain or estimate`]);
        }
    }
    catch (error) {
        if (error instanceof UsageError) {
            process.stderr.write(error.problems.map(p => `${p}\n`).join(''));
            return 2;
        }
        const detail = process.env.OOM_GATE_DEBUG ? error.stack : error.message;
        process.stderr.write(`oom-gate: internal error: ${detail}\nPlease report it; results measured so far are in the output directory.\n`);
        return 3;
    }
    finally {
        interrupt.dispose();
    }
}

// The `oom-gate` bin. The commands live in src/commands/; this only runs them.
process.exitCode = await main(process.argv.slice(2));
