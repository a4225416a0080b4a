// The comments plugin's server calls, injected into the SDK's one api (and its cache).
import { api, followLiveChannel, invalidateOnLive } from '@skyportal/sdk/web';
import type { ChatHistory, ChatMessage, ChatPresence, ChatRoom, Comment, CommentResource, CommentsChangedMessage, UserNotification } from '../types';

/** What a list of comments is about: a source, or one spectrum of a source (`objId`: its source, whose channel announces changes). */
export interface CommentSubject {
  resource: CommentResource;
  id: string | number;
  objId: string;
}

export interface CommentPage extends CommentSubject {
  pageNumber: number;
  numPerPage: number;
}

export interface NewComment extends CommentSubject {
  text: string;
  group_ids: number[];
  attachment?: { body: string; name: string };
}

export interface GroupMember {
  id: number;
  username: string;
  first_name: string | null;
  last_name: string | null;
}

/** One cache tag per subject: every page of its comments goes stale together. */
const subjectTag = (resource: CommentResource, id: string | number) => ({ type: 'Comment' as const, id: `${resource}:${id}` });
const NOTIFICATIONS = { type: 'Notification' as const, id: 'LIST' };
const commentsPath = ({ resource, id }: CommentSubject) => `/api/${resource}/${encodeURIComponent(String(id))}/comments`;
const roomPath = (groupId: number) => `/api/chat/rooms/${groupId}`;

export const commentsApi = api.enhanceEndpoints({ addTagTypes: ['Comment', 'Notification'] }).injectEndpoints({
  endpoints: (build) => ({
    /** A page of a subject's comments, newest first; subscribed to its source's channel while cached. */
    comments: build.query<Comment[], CommentPage>({
      query: (page) => ({ url: commentsPath(page), query: { pageNumber: page.pageNumber, numPerPage: page.numPerPage } }),
      providesTags: (_result, _error, { resource, id }) => [subjectTag(resource, id)],
      onCacheEntryAdded: followLiveChannel((page: CommentPage) => `source:${page.objId}`),
    }),
    postComment: build.mutation<{ comment_id: number }, NewComment>({
      query: ({ resource, id, objId, ...body }) => ({ url: commentsPath({ resource, id, objId }), method: 'POST', body }),
      invalidatesTags: (_result, _error, { resource, id }) => [subjectTag(resource, id)],
    }),
    editComment: build.mutation<unknown, CommentSubject & { commentId: number; text: string }>({
      query: ({ commentId, text, ...subject }) => ({ url: `${commentsPath(subject)}/${commentId}`, method: 'PUT', body: { text } }),
      invalidatesTags: (_result, _error, { resource, id }) => [subjectTag(resource, id)],
    }),
    deleteComment: build.mutation<unknown, CommentSubject & { commentId: number }>({
      query: ({ commentId, ...subject }) => ({ url: `${commentsPath(subject)}/${commentId}`, method: 'DELETE' }),
      invalidatesTags: (_result, _error, { resource, id }) => [subjectTag(resource, id)],
    }),

    /** The signed-in user's notifications, newest first; `user:<id>` announces new ones. */
    notifications: build.query<UserNotification[], number>({
      query: () => ({ url: '/api/internal/notifications', query: { numPerPage: 100 } }),
      providesTags: [NOTIFICATIONS],
      onCacheEntryAdded: followLiveChannel((userId: number) => `user:${userId}`),
    }),
    markNotification: build.mutation<unknown, { id: number; viewed: boolean }>({
      query: ({ id, viewed }) => ({ url: `/api/internal/notifications/${id}`, method: 'PATCH', body: { viewed } }),
      invalidatesTags: [NOTIFICATIONS],
    }),
    markAllNotificationsRead: build.mutation<unknown, void>({
      query: () => ({ url: '/api/internal/notifications', method: 'PATCH', body: { viewed: true } }),
      invalidatesTags: [NOTIFICATIONS],
    }),
    deleteNotification: build.mutation<unknown, number>({
      query: (id) => ({ url: `/api/internal/notifications/${id}`, method: 'DELETE' }),
      invalidatesTags: [NOTIFICATIONS],
    }),

    chatRooms: build.query<ChatRoom[], void>({ query: () => '/api/chat/rooms' }),
    /** A page of a room's history (oldest first): the newest, or those before an id. Kept by the chat page, not the cache. */
    chatHistory: build.query<ChatHistory, { groupId: number; before?: number }>({
      query: ({ groupId, before }) => ({ url: `${roomPath(groupId)}/messages`, query: { before, numPerPage: 30 } }),
      keepUnusedDataFor: 0,
    }),
    sendChatMessage: build.mutation<ChatMessage, { groupId: number; text: string }>({
      query: ({ groupId, text }) => ({ url: `${roomPath(groupId)}/messages`, method: 'POST', body: { text } }),
    }),
    chatHeartbeat: build.mutation<ChatPresence[], number>({ query: (groupId) => ({ url: `${roomPath(groupId)}/presence`, method: 'POST' }) }),
    leaveChat: build.mutation<unknown, number>({ query: (groupId) => ({ url: `${roomPath(groupId)}/presence`, method: 'DELETE' }) }),
    chatTyping: build.mutation<unknown, number>({ query: (groupId) => ({ url: `${roomPath(groupId)}/typing`, method: 'POST' }) }),

    /** Who is in a group, for @mention suggestions. */
    groupMembers: build.query<GroupMember[], number>({
      query: (groupId) => `/api/groups/${groupId}`,
      transformResponse: (group: { users?: GroupMember[] }) => group.users ?? [],
    }),
  }),
});

// A comment added, edited or deleted anywhere on a source: that subject's comments are stale.
invalidateOnLive<CommentsChangedMessage['data']>('comments.changed', ({ data }) =>
  data ? [data.spectrum_id === null ? subjectTag('sources', data.obj_id) : subjectTag('spectra', data.spectrum_id)] : [],
);
invalidateOnLive('notifications.added', () => [NOTIFICATIONS]);

export const {
  useCommentsQuery,
  usePostCommentMutation,
  useEditCommentMutation,
  useDeleteCommentMutation,
  useNotificationsQuery,
  useMarkNotificationMutation,
  useMarkAllNotificationsReadMutation,
  useDeleteNotificationMutation,
  useChatRoomsQuery,
  useLazyChatHistoryQuery,
  useSendChatMessageMutation,
  useChatHeartbeatMutation,
  useLeaveChatMutation,
  useChatTypingMutation,
  useGroupMembersQuery,
} = commentsApi;
