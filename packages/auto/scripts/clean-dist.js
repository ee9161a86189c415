// Empties dist/ once before tsup runs its two configs in parallel (a `clean` inside either
// config could remove the other's fresh output).
require('fs').rmSync(require('path').join(__dirname, '..', 'dist'), { recursive: true, force: true });
