// This plugin's server calls, added to the SDK's one api (one cache for the page). Name endpoints
// after your plugin: endpoint names are shared by every plugin on the page.
import { api } from '@skyportal/sdk/web';

export const exampleApi = api.injectEndpoints({
  endpoints: (build) => ({
    exampleHello: build.query<{ message: string }, void>({ query: () => '/api/example/hello' }),
  }),
});

export const { useExampleHelloQuery } = exampleApi;
