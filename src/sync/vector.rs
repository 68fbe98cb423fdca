//! Device ids and version vectors: for each other device, how many of its changes (its
//! sequence numbers 1..=n) a device had applied. A change carries the vector of its device at
//! the time it was made, so whether one change had seen another is known exactly.

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A diary's random id as a sync device: 16 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct DeviceId(String);

impl DeviceId {
    pub const LEN: usize = 16;

    pub fn parse(text: &str) -> Option<Self> {
        let ok = text.len() == Self::LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| Self(text.to_string()))
    }

    /// A new random id.
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4().simple().to_string()[..Self::LEN].to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first digits, enough to tell a person's devices apart.
    pub fn short(&self) -> &str {
        &self.0[..6]
    }

    /// The device as a person knows it: "laptop (3f2a1c)" by the host name it last gave, or
    /// "device 3f2a1c" while none is known (`host` empty).
    pub fn named(&self, host: &str) -> String {
        if host.is_empty() {
            format!("device {}", self.short())
        } else {
            format!("{host} ({})", self.short())
        }
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DeviceId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format_args!(
                "a device id must be 16 hex digits, got \"{text}\""
            ))
        })
    }
}

/// How far each device's changes were applied: device -> the highest sequence number applied
/// (all below it were applied too). A device absent has 0.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Vector(BTreeMap<DeviceId, u64>);

impl Vector {
    pub fn get(&self, device: &DeviceId) -> u64 {
        self.0.get(device).copied().unwrap_or(0)
    }

    pub fn set(&mut self, device: &DeviceId, seq: u64) {
        if seq == 0 {
            self.0.remove(device);
        } else {
            self.0.insert(device.clone(), seq);
        }
    }

    /// Whether change `seq` of `device` is covered.
    pub fn covers(&self, device: &DeviceId, seq: u64) -> bool {
        self.get(device) >= seq
    }

    /// Whether every change this vector covers is covered by `other` too.
    pub fn within(&self, other: &Vector) -> bool {
        self.0.iter().all(|(d, &n)| other.get(d) >= n)
    }

    /// The larger of the two, device by device.
    pub fn join(&mut self, other: &Vector) {
        for (d, &n) in &other.0 {
            if n > self.get(d) {
                self.0.insert(d.clone(), n);
            }
        }
    }

    /// The smaller of the two, device by device (what both cover).
    pub fn meet(&self, other: &Vector) -> Vector {
        Vector(
            self.0
                .iter()
                .filter_map(|(d, &n)| {
                    let m = n.min(other.get(d));
                    (m > 0).then(|| (d.clone(), m))
                })
                .collect(),
        )
    }

    pub fn iter(&self) -> impl Iterator<Item = (&DeviceId, u64)> {
        self.0.iter().map(|(d, &n)| (d, n))
    }

    /// The same vector without `device` (a device's own entry is implied by its sequence).
    pub fn without(&self, device: &DeviceId) -> Vector {
        let mut v = self.clone();
        v.0.remove(device);
        v
    }

    /// All changes covered.
    pub fn total(&self) -> u64 {
        self.0.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(c: char) -> DeviceId {
        DeviceId::parse(&c.to_string().repeat(16)).unwrap()
    }

    #[test]
    fn device_ids_are_sixteen_hex_digits() {
        assert!(DeviceId::parse("0123456789abcdef").is_some());
        assert!(DeviceId::parse("0123456789ABCDEF").is_none());
        assert!(DeviceId::parse("0123").is_none());
        assert!(DeviceId::parse("../../etc/passwd").is_none());
        assert_ne!(DeviceId::random(), DeviceId::random());
        assert!(DeviceId::parse(DeviceId::random().as_str()).is_some());
    }

    #[test]
    fn vectors_join_meet_and_compare() {
        let mut a = Vector::default();
        a.set(&d('a'), 3);
        let mut b = Vector::default();
        b.set(&d('a'), 1);
        b.set(&d('b'), 4);
        assert!(!a.within(&b) && !b.within(&a));
        assert_eq!(a.meet(&b).get(&d('a')), 1);
        assert_eq!(a.meet(&b).get(&d('b')), 0);
        a.join(&b);
        assert_eq!((a.get(&d('a')), a.get(&d('b'))), (3, 4));
        assert!(b.within(&a));
        assert!(a.covers(&d('b'), 4) && !a.covers(&d('b'), 5));
    }
}
