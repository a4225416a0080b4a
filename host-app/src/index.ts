// Async boundary: shared singletons (react, the SDK) are negotiated with remotes before any import of them runs.
import('./bootstrap');
