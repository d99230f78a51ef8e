// Drives camgate's ONVIF services with the npm "onvif" package (agsh/onvif), a client not written here.
// Usage: node check.js HOST PORT USER PASSWORD
// Prints one JSON line "INFO {...}" (device information, profiles, stream URI), then "READY",
// then "EVENT <topic> <json>" for each event received through a PullPoint subscription.
const path = require('path');
const { Cam } = require(process.env.ONVIF_MODULE || 'onvif');
const [host, port, username, password] = process.argv.slice(2);

function fail(what, err) {
  console.log('ERROR ' + what + ': ' + (err && err.message ? err.message : err));
  process.exit(1);
}

new Cam({ hostname: host, port: Number(port), username, password, timeout: 10000 }, function (err) {
  if (err) return fail('connect', err);
  const cam = this;
  cam.getDeviceInformation((err, info) => {
    if (err) return fail('getDeviceInformation', err);
    const profile = cam.profiles[0];
    cam.getStreamUri({ protocol: 'RTSP', profileToken: profile.$.token }, (err, stream) => {
      if (err) return fail('getStreamUri', err);
      cam.getSnapshotUri({ profileToken: profile.$.token }, (err, snapshot) => {
        if (err) return fail('getSnapshotUri', err);
        console.log('INFO ' + JSON.stringify({
          manufacturer: info.manufacturer, serialNumber: info.serialNumber,
          profiles: cam.profiles.map(p => ({ token: p.$.token,
            encoding: p.videoEncoderConfiguration.encoding,
            width: p.videoEncoderConfiguration.resolution.width,
            height: p.videoEncoderConfiguration.resolution.height,
            fps: p.videoEncoderConfiguration.rateControl.frameRateLimit })),
          videoSources: (cam.videoSources ? [].concat(cam.videoSources) : []).map(s => s.$ && s.$.token),
          streamUri: stream.uri, snapshotUri: snapshot.uri }));
        cam.on('error', (e) => console.log('CAMERROR ' + (e && e.message ? e.message : e)));
        if (process.env.ONVIF_DEBUG) { cam.on('rawRequest', (b) => console.log('RAWREQ ' + b.replace(/\s+/g, ' ').slice(0, 700))); cam.on('rawResponse', (b) => console.log('RAWRESP ' + b.slice(0, 700) + (b.indexOf('Text') > 0 ? ' TEXT:' + b.slice(b.indexOf('Text'), b.indexOf('Text') + 200) : ''))); }
        cam.on('event', (message) => {
          const topic = message.topic && message.topic._ ? message.topic._ : JSON.stringify(message.topic);
          console.log('EVENT ' + topic + ' ' + JSON.stringify(message.message));
        });
        console.log('READY');
      });
    });
  });
});
setTimeout(() => { console.log('TIMEOUT'); process.exit(2); }, 60000);
