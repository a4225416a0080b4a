import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { NavLink, Navigate, useParams } from 'react-router-dom';
import { apiErrorOf, ErrorCard, formatUtc, useLiveChannel, useProfile, type ApiError, type LiveMessage, FormError } from '@skyportal/sdk/web';
import {
  CHAT_MESSAGE_MAX_LENGTH,
  PRESENCE_HEARTBEAT_SECONDS,
  TYPING_SHOWN_SECONDS,
  type ChatLiveMessage,
  type ChatPresence,
  type ChatRoom,
  type CommentAuthor,
} from '../types';
import {
  useChatHeartbeatMutation,
  useChatRoomsQuery,
  useChatTypingMutation,
  useLazyChatHistoryQuery,
  useLeaveChatMutation,
  useSendChatMessageMutation,
} from './api';
import { Author } from './Author';
import { emptyLog, merge, newestId, type RoomLog } from './chat-state';
import { Markdown } from './Markdown';
import { MentionTextarea } from './MentionTextarea';

/** A typing signal is sent at most this often while the user types. */
const TYPING_EVERY_MS = 3000;

const roomName = (room: ChatRoom) => room.nickname || room.name;

/** `/chat` and `/chat/:groupId`: the rooms on the side (sitewide first, then the user's groups), the open room beside. */
export function ChatPage() {
  const { groupId } = useParams();
  const { data: rooms, error: failure } = useChatRoomsQuery();
  const error = apiErrorOf(failure);
  if (error) return <ErrorCard pluginName="comments" title="Could not load the chat rooms" message={error.message} />;
  if (!rooms) return <p className="sp-muted">Loading…</p>;
  if (!groupId && rooms[0]) return <Navigate to={`/chat/${rooms[0].group_id}`} replace />;
  const room = rooms.find((r) => String(r.group_id) === groupId);
  return (
    <div className="sp-page">
      <h1>Chat</h1>
      <div className="chat-layout">
        <nav className="sp-card chat-rooms" aria-label="Chat rooms">
          <ul>
            {rooms.map((r) => (
              <li key={r.group_id}>
                <NavLink to={`/chat/${r.group_id}`}>{roomName(r)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {room ? <Room key={room.group_id} room={room} /> : <p className="sp-card">No such room, or not one of yours.</p>}
      </div>
    </div>
  );
}

/** One open room: its history (older pages on demand), who is here, who is typing, and the box to write in. */
function Room({ room }: { room: ChatRoom }) {
  const profile = useProfile();
  const groupId = room.group_id;
  const [log, setLog] = useState<RoomLog>(emptyLog);
  // The channel is followed once the newest page is in: it resumes after that page's last id.
  const [followFrom, setFollowFrom] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadHistory, { isFetching: loadingOlder }] = useLazyChatHistoryQuery();
  const present = usePresence(groupId);
  const [typists, setTypists] = useState<Map<number, { user: CommentAuthor; until: number }>>(new Map());

  // The newest page: on entering, and again after an absence longer than the server resends.
  const loadNewest = useCallback(
    () =>
      loadHistory({ groupId }, false)
        .unwrap()
        .then(
          (page) => {
            setLog((current) => merge(current, page.messages, page.has_more));
            setFollowFrom((from) => from ?? page.messages.at(-1)?.id ?? 0);
          },
          (failure: ApiError) => setError(apiErrorOf(failure)?.message ?? 'Could not load the messages'),
        ),
    [groupId, loadHistory],
  );

  useEffect(() => {
    void loadNewest();
  }, [loadNewest]);

  useLiveChannel(
    followFrom === null ? null : `chat:${groupId}`,
    (message: LiveMessage) => {
      // Missed more than the server resends after a long absence: start again from the newest page.
      if (message.type === 'subscribed' && message.more) {
        setLog(emptyLog);
        void loadNewest();
        return;
      }
      const live = message as unknown as ChatLiveMessage;
      if (live.type === 'chat.message') setLog((current) => merge(current, [live.data]));
      if (live.type === 'chat.presence') present.set(live.data.present);
      if (live.type === 'chat.typing' && live.data.user.id !== profile?.id) {
        const { user } = live.data;
        setTypists((current) => new Map(current).set(user.id, { user, until: Date.now() + TYPING_SHOWN_SECONDS * 1000 }));
      }
    },
    { after: followFrom ?? undefined },
  );

  // A typist stops showing a few seconds after their last signal.
  useEffect(() => {
    if (typists.size === 0) return undefined;
    const timer = setInterval(() => {
      setTypists((current) => {
        const now = Date.now();
        const kept = new Map([...current].filter(([, entry]) => entry.until > now));
        return kept.size === current.size ? current : kept;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [typists.size]);

  async function loadOlder() {
    const first = log.messages[0];
    if (!first) return;
    try {
      const page = await loadHistory({ groupId, before: first.id }, false).unwrap();
      setLog((current) => merge(current, page.messages, page.has_more));
    } catch (failure) {
      setError(apiErrorOf(failure as ApiError)?.message ?? 'Could not load older messages');
    }
  }

  const typing = [...typists.values()].map((entry) => entry.user.username);
  return (
    <section className="sp-card chat-room" aria-label={`Room ${roomName(room)}`} data-testid="chat-room" data-newest-id={newestId(log)}>
      <header className="chat-room__header">
        <h2>{room.sitewide ? `${roomName(room)} (everyone)` : roomName(room)}</h2>
        <p className="sp-muted chat-room__present" data-testid="chat-present">
          Here now: {present.list.length ? present.list.map((p) => p.user.username).join(', ') : 'nobody else'}
        </p>
      </header>
      {error ? <ErrorCard pluginName="comments" title="Chat" message={error} /> : null}
      <MessageLog log={log} onOlder={loadOlder} loadingOlder={loadingOlder} roomLabel={roomName(room)} />
      <p className="sp-muted chat-room__typing" aria-live="polite" data-testid="chat-typing">
        {typing.length === 0 ? '' : typing.length === 1 ? `${typing[0]} is typing…` : `${typing.join(', ')} are typing…`}
      </p>
      <MessageForm groupId={groupId} onSent={(message) => setLog((current) => merge(current, [message]))} />
    </section>
  );
}

/** Who is here: a heartbeat on entering and every few seconds (its answer is the list), live joins and leaves, and a goodbye on leaving. */
function usePresence(groupId: number) {
  const [list, set] = useState<ChatPresence[]>([]);
  const [heartbeat] = useChatHeartbeatMutation();
  const [leave] = useLeaveChatMutation();
  useEffect(() => {
    let stopped = false;
    const beat = () =>
      heartbeat(groupId)
        .unwrap()
        .then((present) => !stopped && set(present))
        .catch(() => undefined); // the next beat tries again
    void beat();
    const timer = setInterval(beat, PRESENCE_HEARTBEAT_SECONDS * 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
      void leave(groupId);
    };
  }, [groupId, heartbeat, leave]);
  return { list, set };
}

function MessageLog({ log, onOlder, loadingOlder, roomLabel }: { log: RoomLog; onOlder: () => void; loadingOlder: boolean; roomLabel: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const firstId = log.messages[0]?.id;
  const kept = useRef<{ firstId?: number; height: number }>({ height: 0 });

  // New messages keep the view at the bottom if it was there; an older page keeps the reader's place.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (kept.current.firstId !== undefined && firstId !== kept.current.firstId && firstId! < kept.current.firstId) {
      element.scrollTop += element.scrollHeight - kept.current.height;
    } else if (pinned.current) {
      element.scrollTop = element.scrollHeight;
    }
    kept.current = { firstId, height: element.scrollHeight };
  }, [log, firstId]);

  return (
    <div
      ref={scroller}
      className="chat-log"
      role="region"
      tabIndex={0}
      aria-label={`Messages in ${roomLabel}`}
      onScroll={(event) => {
        const element = event.currentTarget;
        pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
      }}
    >
      {log.hasMore ? (
        <button type="button" className="sp-button sp-button--secondary chat-log__older" onClick={onOlder} disabled={loadingOlder}>
          {loadingOlder ? 'Loading…' : 'Load older messages'}
        </button>
      ) : null}
      {log.messages.length === 0 ? <p className="sp-muted">No messages yet: say hello.</p> : null}
      <div role="log" aria-label="Messages">
        <ol className="chat-messages">
          {log.messages.map((message) => (
            <li key={message.id} className="chat-message" data-testid="chat-message" data-message-id={message.id}>
              <div className="chat-message__meta">
                <Author author={message.author} bot={message.bot} />
                <time dateTime={message.created_at} className="sp-muted">
                  {formatUtc(message.created_at)}
                </time>
              </div>
              <Markdown text={message.text} testId="chat-message-text" />
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}

function MessageForm({ groupId, onSent }: { groupId: number; onSent: (message: Parameters<typeof merge>[1][number]) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [send, { isLoading: sending }] = useSendChatMessageMutation();
  const [signalTyping] = useChatTypingMutation();
  const lastSignal = useRef(0);
  const profile = useProfile();
  const id = useId();
  const groupIds = [groupId];

  if (!profile?.acls.includes('Comment')) return <p className="sp-muted">Writing here needs the Comment permission.</p>;

  function onChange(value: string) {
    setText(value);
    const now = Date.now();
    if (value.trim() && now - lastSignal.current > TYPING_EVERY_MS) {
      lastSignal.current = now;
      void signalTyping(groupId);
    }
  }

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!text.trim() || sending) return;
    setError(null);
    try {
      onSent(await send({ groupId, text }).unwrap());
      setText('');
      lastSignal.current = 0;
    } catch (failure) {
      setError(apiErrorOf(failure as ApiError)?.message ?? 'Could not send');
    }
  }

  return (
    <form className="chat-form" onSubmit={submit} aria-label="Send a message">
      <label htmlFor={`${id}-text`} className="chat-form__label">
        Message (Enter sends, Shift+Enter for a new line)
      </label>
      <div className="chat-form__row">
        <MentionTextarea
          id={`${id}-text`}
          value={text}
          onChange={onChange}
          onEnter={() => void submit()}
          groupIds={groupIds}
          rows={2}
          maxLength={CHAT_MESSAGE_MAX_LENGTH}
          className="comments-textarea"
        />
        <button type="submit" className="sp-button" disabled={sending || !text.trim()}>
          Send
        </button>
      </div>
      <FormError error={error} />
    </form>
  );
}
