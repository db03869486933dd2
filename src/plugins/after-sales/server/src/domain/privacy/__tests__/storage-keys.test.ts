import { storageKeysOf } from '../storage-keys';

describe('storageKeysOf', () => {
  it('keeps what a provider deletes by and drops names, captions and alternative texts', () => {
    const file = {
      id: 7,
      name: '王伟-身份证.png',
      alternativeText: '王伟的身份证',
      caption: '王伟 13800138000',
      hash: 'id_card_3f2a',
      ext: '.png',
      url: '/uploads/id_card_3f2a.png',
      provider: 'local',
      formats: { thumbnail: { name: 'thumbnail_王伟-身份证.png', hash: 'thumbnail_id_card_3f2a', ext: '.png', url: '/uploads/thumbnail_id_card_3f2a.png', path: null, width: 156 } },
    };
    const keys = storageKeysOf(file as any);
    expect(keys).toEqual({
      id: 7,
      hash: 'id_card_3f2a',
      ext: '.png',
      url: '/uploads/id_card_3f2a.png',
      provider: 'local',
      formats: { thumbnail: { hash: 'thumbnail_id_card_3f2a', ext: '.png', url: '/uploads/thumbnail_id_card_3f2a.png' } },
    });
    expect(JSON.stringify(keys)).not.toMatch(/王伟|13800138000/);
  });

  it('keeps an S3 path and provider metadata', () => {
    const keys = storageKeysOf({ id: 1, hash: 'h', ext: '.jpg', url: 'https://cdn/x/h.jpg', provider: 'aws-s3', path: 'x', provider_metadata: { bucket: 'b' }, formats: null });
    expect(keys).toEqual({ id: 1, hash: 'h', ext: '.jpg', url: 'https://cdn/x/h.jpg', provider: 'aws-s3', path: 'x', provider_metadata: { bucket: 'b' }, formats: {} });
  });
});
