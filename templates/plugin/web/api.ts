// This plugin's server calls, added to the SDK's one api (one cache for the page). Name endpoints
// after your plugin: endpoint names are shared by every plugin on the page.
import { api } from '@skyportal/sdk/web';
import type { Note } from '../types';

export const exampleApi = api.enhanceEndpoints({ addTagTypes: ['ExampleNotes'] }).injectEndpoints({
  endpoints: (build) => ({
    exampleHello: build.query<{ message: string }, void>({ query: () => '/api/example/hello' }),
    /** The notes the caller's groups have on a source. */
    exampleNotes: build.query<Note[], string>({
      query: (objId) => ({ url: '/api/example/notes', query: { obj_id: objId } }),
      providesTags: (_result, _error, objId) => [{ type: 'ExampleNotes', id: objId }],
    }),
  }),
});

export const { useExampleHelloQuery, useExampleNotesQuery } = exampleApi;
