(() => {
  const body = document.body;
  if (!document.querySelector('leptos-island')) {
    body.dataset.hydrated = '1';
    return;
  }
  const stack = [];
  async function wake(el, mod) {
    const fn = mod[el.dataset.component];
    if (!fn) {
      console.warn('no code for the island ' + el.dataset.component);
      return;
    }
    const cb = stack[stack.length - 1];
    if (cb) cb();
    const r = fn(el);
    if (r && r.then) await r;
  }
  async function walk(node, mod) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const tag = node.tagName.toLowerCase();
    if (tag === 'leptos-island') {
      await wake(node, mod);
      for (const child of node.children) await walk(child, mod);
    } else if (tag === 'leptos-children') {
      stack.push(node.$$on_hydrate);
      for (const child of node.children) await walk(child, mod);
      stack.pop();
    } else {
      for (const child of node.children) await walk(child, mod);
    }
  }
  import('{js}').then((mod) =>
    mod.default({ module_or_path: '{wasm}' }).then(async () => {
      mod.hydrate();
      await walk(body, mod);
      body.dataset.hydrated = '1';
    }),
  );
})();
